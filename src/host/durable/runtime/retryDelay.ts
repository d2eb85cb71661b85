import type { RetryState } from '../model/history';

/**
 * The wait before the next attempt after attempt `state.attempt` failed, as the Durable Task
 * Framework computes it: first interval × backoff^(attempt-1), capped by the maximum interval.
 * Undefined when the retry timeout has passed.
 */
export function retryDelay(state: RetryState, now: number): number | undefined {
  const o = state.options;
  if (o.retryTimeoutInMilliseconds && o.retryTimeoutInMilliseconds > 0 && now >= state.firstAttemptAt + o.retryTimeoutInMilliseconds) {
    return undefined;
  }
  const backoff = o.backoffCoefficient && o.backoffCoefficient > 0 ? o.backoffCoefficient : 1;
  const delay = o.firstRetryIntervalInMilliseconds * Math.pow(backoff, state.attempt - 1);
  const max = o.maxRetryIntervalInMilliseconds && o.maxRetryIntervalInMilliseconds > 0 ? o.maxRetryIntervalInMilliseconds : Infinity;
  return Math.min(delay, max);
}
