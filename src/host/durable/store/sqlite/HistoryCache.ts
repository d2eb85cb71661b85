/**
 * The stored history of busy instances, kept as text, bounded by bytes rather than by count: a few
 * instances with results of many megabytes must not hold the heap. Least recently used goes first.
 */
export class HistoryCache {
  private readonly entries = new Map<string, { events: string[]; bytes: number }>();
  private total = 0;

  constructor(private readonly budgetBytes: number) {}

  get(instanceId: string): string[] | undefined {
    const entry = this.entries.get(instanceId);
    if (!entry) return undefined;
    // Touched: it moves to the young end.
    this.entries.delete(instanceId);
    this.entries.set(instanceId, entry);
    return entry.events;
  }

  set(instanceId: string, events: string[]): void {
    this.delete(instanceId);
    let bytes = 0;
    for (const e of events) bytes += e.length;
    // One history that would take more than an eighth of the budget is read from the store each time.
    if (bytes > this.budgetBytes / 8) return;
    this.entries.set(instanceId, { events, bytes });
    this.total += bytes;
    for (const [id, entry] of this.entries) {
      if (this.total <= this.budgetBytes) break;
      this.entries.delete(id);
      this.total -= entry.bytes;
    }
  }

  delete(instanceId: string): void {
    const entry = this.entries.get(instanceId);
    if (!entry) return;
    this.entries.delete(instanceId);
    this.total -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get bytes(): number {
    return this.total;
  }
}
