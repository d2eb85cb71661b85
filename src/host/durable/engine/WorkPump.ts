/**
 * Runs work items with at most `concurrency` in flight. `wake()` is cheap and coalesced: a commit
 * that makes work visible calls it, and the pump fetches until nothing is left or the slots are full.
 */
export class WorkPump<T> {
  private inFlight = 0;
  private scheduled = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly fetch: (limit: number) => T[],
    private readonly process: (item: T) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  wake(): void {
    if (this.scheduled || this.stopped) return;
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
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.stopped) return;
    try {
      while (this.inFlight < this.concurrency) {
        const items = this.fetch(this.concurrency - this.inFlight);
        if (!items.length) break;
        for (const item of items) this.start(item);
      }
    } catch (error) {
      this.onError(error);
    }
    this.notifyIfIdle();
  }

  private start(item: T): void {
    this.inFlight++;
    this.process(item)
      .catch((error) => this.onError(error))
      .finally(() => {
        this.inFlight--;
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
