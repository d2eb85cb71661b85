import { StoreHealth } from './StoreHealth';

/**
 * Gathers the writes of many dispatches that finish in the same turn of the event loop and commits
 * them in one transaction: one commit instead of hundreds, each dispatch still all-or-nothing.
 * `add` resolves with that item's outcome once the transaction is in.
 */
export class GroupCommit<T, R> {
  private pending: { item: T; resolve: (outcome: R) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  /** `commitOne`, when given, is tried item by item after a failed group, so one bad write fails alone. */
  constructor(
    private readonly commit: (items: T[]) => R[],
    private readonly commitOne?: (item: T) => R,
  ) {}

  add(item: T): Promise<R> {
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
    let outcomes: R[];
    try {
      outcomes = this.commit(batch.map((b) => b.item));
    } catch (error) {
      // A store that fails fails every item alike; only another error is worth trying item by item.
      if (!this.commitOne || batch.length === 1 || StoreHealth.isUnavailable(error)) {
        for (const b of batch) b.reject(error);
        return;
      }
      for (const b of batch) {
        try {
          b.resolve(this.commitOne(b.item));
        } catch (itemError) {
          b.reject(itemError);
        }
      }
      return;
    }
    batch.forEach((b, i) => b.resolve(outcomes[i]));
  }
}
