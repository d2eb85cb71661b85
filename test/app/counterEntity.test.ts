import { counterEntity } from '../../functions/counter/counterEntity';
import { fakeEntity, recordedErrorMessage } from '../support/fakes/fakeEntityContext';

describe('the Counter entity (function style)', () => {
  test('adds numbers, counts down with negative ones, and returns its value on get', async () => {
    const counter = fakeEntity('Counter', 'c1');
    await counter.run(counterEntity, 'add', 5);
    await counter.run(counterEntity, 'add', -2);
    await counter.run(counterEntity, 'add', 0.5);
    expect(await counter.run(counterEntity, 'get')).toEqual({ result: 3.5 });
    expect(counter.state).toBe(3.5);
  });

  test('reset sets the value back to 0', async () => {
    const counter = fakeEntity('Counter', 'c2', 41);
    await counter.run(counterEntity, 'reset');
    expect(counter.state).toBe(0);
    expect(counter.exists).toBe(true);
  });

  test('get on a new counter answers 0 and leaves a counter that has a value', async () => {
    const counter = fakeEntity('Counter', 'c3');
    expect(await counter.run(counterEntity, 'get')).toEqual({ result: 0 });
    expect(counter.exists).toBe(true);
    expect(counter.state).toBe(0);
  });

  test.each([['"5"', '5'], ['nothing', undefined], ['null', null], ['{"n":1}', { n: 1 }]])(
    'add with %s is refused with a message the caller sees, and the value stays',
    async (_label, input) => {
      const counter = fakeEntity('Counter', 'c4', 7);
      const outcome = await counter.run(counterEntity, 'add', input);
      expect(recordedErrorMessage(outcome)).toMatch(/^Counter 'add' needs a number, got /);
      expect(counter.state).toBe(7);
    },
  );

  test('an unknown operation is an error naming the operations there are', async () => {
    const outcome = await fakeEntity('Counter', 'c5').run(counterEntity, 'multiply', 2);
    expect(recordedErrorMessage(outcome)).toBe("Counter has no operation 'multiply'. Its operations are: add, get, reset, delete.");
  });
});
