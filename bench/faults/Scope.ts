import { setMaxListeners } from 'node:events';

/**
 * What one fault script holds (processes, mounts, folders), released in reverse order when it ends,
 * fails or runs out of time; its signal tells the script's loops and requests to stop.
 */
export class Scope {
  private readonly controller = new AbortController();
  private readonly cleanups: { what: string; run: () => unknown }[] = [];

  constructor() {
    // Every request of the script listens to this signal.
    setMaxListeners(0, this.controller.signal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Registers a release step; steps run last-in first-out. */
  defer(what: string, run: () => unknown): void {
    this.cleanups.push({ what, run });
  }

  throwIfStopped(): void {
    if (this.signal.aborted) throw new Error('the script was stopped');
  }

  /** A sleep that ends early (rejecting) when the scope is stopped. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.signal.aborted) return reject(new Error('the script was stopped'));
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('the script was stopped'));
      };
      const timer = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops the script and releases everything; a step that fails is reported and the rest still run. */
  async dispose(): Promise<void> {
    this.controller.abort();
    while (this.cleanups.length) {
      const step = this.cleanups.pop()!;
      try {
        await step.run();
      } catch (error) {
        console.error(`  cleanup: ${step.what} failed: ${(error as Error)?.message ?? error}`);
      }
    }
  }
}
