import type { BatchWindow, PendingWorkSource, WorkItem } from './PendingWork';

/**
 * Pending work kept in this process, empty until something calls `add`: enough to run and test the
 * batch locally. An app with a real backlog (a table, a database) registers its own PendingWorkSource.
 */
export class InProcessPendingWork implements PendingWorkSource {
  private readonly items = new Map<string, WorkItem>();
  private readonly done = new Set<string>();

  add(item: WorkItem): void {
    this.items.set(item.id, item);
  }

  async listPending(window: BatchWindow): Promise<WorkItem[]> {
    const from = Date.parse(window.from);
    const to = Date.parse(window.to);
    return [...this.items.values()].filter((item) => {
      const due = Date.parse(item.dueAt);
      return due >= from && due < to && !this.done.has(item.id);
    });
  }

  async process(item: WorkItem): Promise<void> {
    if (!this.items.has(item.id)) throw new Error(`Work item ${item.id} is not known here.`);
    // Doing an item twice is harmless: it is done either way.
    this.done.add(item.id);
  }
}
