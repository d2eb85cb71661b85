import type { HostLogger } from '../../logging/HostLogger';
import { StoreUnavailableError } from '../model/errors';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 4_000;
const CATEGORY = 'Host.Durable.Store';

/**
 * Whether the store takes work: a failure (disk full, I/O error, busy) backs every pump off
 * exponentially, to a few seconds at most; it is logged once when it starts and once when it clears,
 * and every pump is woken then, so that all ready work runs.
 */
export class StoreHealth {
  private failingSince?: number;
  private lastError = '';
  private delay = 0;
  private readonly recovered = new Set<() => void>();

  constructor(private readonly logger: HostLogger) {}

  get failing(): boolean {
    return this.failingSince !== undefined;
  }

  /** Records a failure; returns how long to wait before trying again (exponential back-off, 100 ms to 4 s). */
  failed(error: StoreUnavailableError): number {
    if (this.failingSince === undefined) {
      this.failingSince = Date.now();
      this.lastError = error.message;
      this.logger.error(CATEGORY, `The durable store fails (${error.message}); work waits and is retried with back-off until it works again.`);
    }
    // The wait grows with how long the store has failed (each try about 1.5 times the last), not with
    // how many callers failed at once, so that it recovers as fast from a short spell as from a long one.
    this.delay = Math.min(MAX_DELAY_MS, Math.max(FIRST_DELAY_MS, (Date.now() - this.failingSince) / 2));
    return this.delay;
  }

  succeeded(): void {
    if (this.failingSince === undefined) return;
    const seconds = ((Date.now() - this.failingSince) / 1000).toFixed(1);
    this.failingSince = undefined;
    this.delay = 0;
    this.logger.log('information', CATEGORY, `The durable store works again after ${seconds} s (it failed with ${this.lastError}).`);
    for (const listener of [...this.recovered]) listener();
  }

  /** The wait before the next try while failing. */
  get retryDelay(): number {
    return this.delay || FIRST_DELAY_MS;
  }

  onRecovered(listener: () => void): () => void {
    this.recovered.add(listener);
    return () => this.recovered.delete(listener);
  }

  /** Whether `error` is a store failure that back-off should absorb. */
  static isUnavailable(error: unknown): error is StoreUnavailableError {
    return error instanceof StoreUnavailableError;
  }
}

/** A real-time wait, unref'd so that it never keeps a stopping process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
