import { isShutdown } from '../../worker/Invoker';
import { StoreLostError } from '../model/errors';
import { StoreHealth } from './StoreHealth';

export interface WorkPumpOptions<T> {
  concurrency: number;
  /** Up to `limit` items, holding about `budget` bytes at most (always at least one when there is one). */
  fetch: (limit: number, budget: number) => T[];
  process: (item: T) => Promise<void>;
  onError: (error: unknown) => void;
  health: StoreHealth;
  /** How much memory an item holds while it runs (bytes); with `budget`, fetching pauses while the sum is over it. */
  weigh?: (item: T) => number;
  budget?: number;
  /** Gives back an item fetched but not started (over the budget), so that it can be fetched again. */
  release?: (item: T) => void;
}

/**
 * Runs work items with at most `concurrency` in flight. `wake()` is cheap and coalesced: a commit
 * that makes work visible calls it, and the pump fetches until nothing is left or the slots are
 * full. A failing fetch never stops it for good: it tries again after a back-off.
 */
export class WorkPump<T> {
  private inFlight = 0;
  private weight = 0;
  private scheduled = false;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkPumpOptions<T>) {}

  wake(): void {
    if (this.scheduled || this.stopped || this.retryTimer) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  get busy(): boolean {
    return this.inFlight > 0 || this.scheduled;
  }

  /** Resolves when nothing is in flight and no wake-up is pending. */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops fetching and waits for what is in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.scheduled = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.stopped) return;
    const { concurrency, budget } = this.options;
    try {
      while (this.inFlight < concurrency && (budget === undefined || this.inFlight === 0 || this.weight < budget)) {
        const items = this.options.fetch(concurrency - this.inFlight, budget === undefined ? Infinity : this.inFlight === 0 ? Infinity : budget - this.weight);
        if (!items.length) break;
        let i = 0;
        for (; i < items.length; i++) {
          // Over the budget, the rest waits (at least one always runs, however big).
          if (budget !== undefined && this.inFlight > 0 && this.weight >= budget) break;
          this.start(items[i]);
        }
        if (i < items.length) {
          for (; i < items.length; i++) this.options.release?.(items[i]);
          break;
        }
      }
    } catch (error) {
      this.failed(error, true);
    }
    this.notifyIfIdle();
  }

  /** A fetch or an item failed: a store failure backs off; anything else is reported (and a fetch is tried again later). */
  private failed(error: unknown, fetching: boolean): void {
    // Work cut off by the host's stop is left for the next start; it is no error.
    if (isShutdown(error)) return;
    if (error instanceof StoreLostError) {
      this.options.onError(error);
      return;
    }
    if (StoreHealth.isUnavailable(error)) {
      this.retryLater(this.options.health.failed(error));
      return;
    }
    this.options.onError(error);
    if (fetching) this.retryLater(this.options.health.retryDelay);
  }

  private retryLater(delay: number): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, delay);
    this.retryTimer.unref();
  }

  private start(item: T): void {
    const weight = this.options.weigh?.(item) ?? 0;
    this.inFlight++;
    this.weight += weight;
    let work: Promise<void>;
    try {
      work = this.options.process(item);
    } catch (error) {
      work = Promise.reject(error);
    }
    work
      .catch((error) => this.failed(error, false))
      .finally(() => {
        this.inFlight--;
        this.weight -= weight;
        this.wake();
        this.notifyIfIdle();
      });
  }

  private notifyIfIdle(): void {
    if (this.busy) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
