/**
 * Gathers the writes of many dispatches that finish in the same turn of the event loop and commits
 * them in one transaction: one commit instead of hundreds, each dispatch still all-or-nothing.
 * `add` resolves once its write is committed.
 */
export class GroupCommit<T> {
  private pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  /** `commitOne`, when given, is tried item by item after a failed group, so one bad write fails alone. */
  constructor(
    private readonly commit: (items: T[]) => void,
    private readonly commitOne?: (item: T) => void,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    try {
      this.commit(batch.map((b) => b.item));
    } catch (error) {
      for (const b of batch) {
        if (!this.commitOne || batch.length === 1) {
          b.reject(error);
          continue;
        }
        try {
          this.commitOne(b.item);
          b.resolve();
        } catch (itemError) {
          b.reject(itemError);
        }
      }
      return;
    }
    for (const b of batch) b.resolve();
  }
}
