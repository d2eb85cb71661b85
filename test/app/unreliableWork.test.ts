import {
  forgetUnreliableWorkAttempts,
  performUnreliableWork,
  readUnreliableWorkInput,
} from '../../functions/reliable/unreliableWork';

beforeEach(forgetUnreliableWorkAttempts);

describe('UnreliableActivity work', () => {
  test('succeeds at once by default', () => {
    expect(performUnreliableWork({ key: 'a' })).toEqual({ key: 'a', attempts: 1 });
  });

  test('fails the first failuresBeforeSuccess calls for a key, then succeeds', () => {
    const input = { key: 'b', failuresBeforeSuccess: 2 };
    expect(() => performUnreliableWork(input)).toThrow('Simulated failure 1 of 2 for key "b".');
    expect(() => performUnreliableWork(input)).toThrow('Simulated failure 2 of 2 for key "b".');
    expect(performUnreliableWork(input)).toEqual({ key: 'b', attempts: 3 });
  });

  test('counts each key separately', () => {
    expect(() => performUnreliableWork({ key: 'c', failuresBeforeSuccess: 1 })).toThrow();
    expect(performUnreliableWork({ key: 'd', failuresBeforeSuccess: 0 })).toEqual({ key: 'd', attempts: 1 });
    expect(performUnreliableWork({ key: 'c', failuresBeforeSuccess: 1 })).toEqual({ key: 'c', attempts: 2 });
  });

  test.each([undefined, null, {}, { key: '' }, { key: 5 }])('rejects the input %p', (input) => {
    expect(() => readUnreliableWorkInput(input)).toThrow(/needs an input like/);
  });

  test.each([-1, 1.5, '2'])('rejects failuresBeforeSuccess %p', (failuresBeforeSuccess) => {
    expect(() => readUnreliableWorkInput({ key: 'e', failuresBeforeSuccess })).toThrow(/failuresBeforeSuccess/);
  });
});
