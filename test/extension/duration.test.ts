import { parseDuration } from '../../src/extension';

describe('parseDuration', () => {
  test.each([
    ['500ms', 500],
    ['5s', 5000],
    ['10m', 600_000],
    ['72h', 259_200_000],
    ['30d', 2_592_000_000],
    ['1.5s', 1500],
    [' 5S ', 5000],
    ['1500', 1500],
    ['0s', 0],
  ])('reads %p as %p ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  test('takes a number as milliseconds', () => {
    expect(parseDuration(2500)).toBe(2500);
  });

  test.each([
    ['PT5S', 5000],
    ['PT0.5S', 500],
    ['PT10M', 600_000],
    ['PT72H', 259_200_000],
    ['P1DT2H', 93_600_000],
    ['P1W', 604_800_000],
  ])('reads the ISO-8601 duration %p as %p ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  test.each(['', 'abc', '5 years', '-5s', '5x', 'P', 'PT', 'P1M', '1h30m'])(
    'rejects %p with a message naming the accepted forms',
    (text) => {
      expect(() => parseDuration(text)).toThrow(/Invalid duration .*500ms, 5s, 10m, 72h, 30d/);
    },
  );

  test.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the number %p', (value) => {
    expect(() => parseDuration(value)).toThrow(/Invalid duration/);
  });
});
