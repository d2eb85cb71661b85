/** Work under way, counted until it settles (fulfilled or rejected), so that a stop or a test can wait for all of it. */
export class InFlight {
  private readonly pending = new Set<Promise<void>>();

  /** Counts `work` as in flight until it settles; returns it as it is. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
    return work;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Resolves when nothing is in flight, work started meanwhile included. */
  async whenIdle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
