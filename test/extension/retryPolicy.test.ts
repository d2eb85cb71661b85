import * as df from 'durable-functions';
import { retryPolicy } from '../../src/extension';

describe('retryPolicy', () => {
  test('turns attempts and a readable first interval into df.RetryOptions', () => {
    const options = retryPolicy({ attempts: 3, firstInterval: '5s' });
    expect(options).toBeInstanceOf(df.RetryOptions);
    expect(options.maxNumberOfAttempts).toBe(3);
    expect(options.firstRetryIntervalInMilliseconds).toBe(5000);
  });

  test('sets backoff, the longest interval and the timeout when given', () => {
    const options = retryPolicy({ attempts: 5, firstInterval: 'PT1S', backoff: 2, maxInterval: '1m', timeout: '1h' });
    expect(options.backoffCoefficient).toBe(2);
    expect(options.maxRetryIntervalInMilliseconds).toBe(60_000);
    expect(options.retryTimeoutInMilliseconds).toBe(3_600_000);
  });

  test('leaves the optional settings to the runtime defaults when not given', () => {
    const options = retryPolicy({ attempts: 2, firstInterval: 100 });
    expect(options.backoffCoefficient).toBeUndefined();
    expect(options.maxRetryIntervalInMilliseconds).toBeUndefined();
    expect(options.retryTimeoutInMilliseconds).toBeUndefined();
  });

  test.each([0, -1, 1.5])('rejects %p attempts', (attempts) => {
    expect(() => retryPolicy({ attempts, firstInterval: '5s' })).toThrow(/attempts must be a whole number/);
  });

  test('rejects a first interval of zero', () => {
    expect(() => retryPolicy({ attempts: 3, firstInterval: '0s' })).toThrow(/firstInterval must be longer than 0/);
  });

  test('rejects a backoff below 1', () => {
    expect(() => retryPolicy({ attempts: 3, firstInterval: '1s', backoff: 0.5 })).toThrow(/backoff/);
  });

  test('rejects an unreadable duration', () => {
    expect(() => retryPolicy({ attempts: 3, firstInterval: 'soon' })).toThrow(/Invalid duration "soon"/);
  });
});
