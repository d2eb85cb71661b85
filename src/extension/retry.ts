import * as df from 'durable-functions';
import { Duration, parseDuration } from './duration';

export interface RetryPolicyOptions {
  /** Total attempts, the first one included. */
  attempts: number;
  /** Wait before the first retry. */
  firstInterval: Duration;
  /** Each wait is the previous one times this; 1 (the default) keeps waits equal. */
  backoff?: number;
  /** Upper bound for a single wait. */
  maxInterval?: Duration;
  /** Give up retrying once this much time has passed since the first attempt. */
  timeout?: Duration;
}

/** Builds the `df.RetryOptions` for `callActivityWithRetry` from readable durations. */
export function retryPolicy(options: RetryPolicyOptions): df.RetryOptions {
  const { attempts, firstInterval, backoff, maxInterval, timeout } = options;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new Error(`Invalid retry policy: attempts must be a whole number of at least 1, got ${attempts}.`);
  }
  const firstIntervalMs = parseDuration(firstInterval);
  if (firstIntervalMs <= 0) {
    throw new Error(`Invalid retry policy: firstInterval must be longer than 0, got "${firstInterval}".`);
  }

  const retryOptions = new df.RetryOptions(firstIntervalMs, attempts);
  if (backoff !== undefined) {
    if (!Number.isFinite(backoff) || backoff < 1) {
      throw new Error(`Invalid retry policy: backoff must be a number of at least 1, got ${backoff}.`);
    }
    retryOptions.backoffCoefficient = backoff;
  }
  if (maxInterval !== undefined) {
    retryOptions.maxRetryIntervalInMilliseconds = parseDuration(maxInterval);
  }
  if (timeout !== undefined) {
    retryOptions.retryTimeoutInMilliseconds = parseDuration(timeout);
  }
  return retryOptions;
}
