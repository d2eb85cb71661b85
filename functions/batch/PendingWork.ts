/** The hour a batch covers: work that came due in [from, to). ISO 8601 times. */
export interface BatchWindow {
  batchId: string;
  from: string;
  to: string;
}

/** One piece of work waiting for the hourly batch. */
export interface WorkItem {
  id: string;
  /** What kind of work it is, for the processor and for reports (e.g. "invoice", "export"). */
  kind: string;
  dueAt: string;
  payload?: unknown;
}

export interface WorkItemOutcome {
  id: string;
  succeeded: boolean;
  error?: string;
}

/** What BatchProcessingOrchestration reports. */
export interface BatchReport {
  batchId: string;
  from: string;
  to: string;
  total: number;
  succeeded: number;
  failed: { id: string; error: string }[];
}

/** Where the batch finds its work and how it does it. */
export interface PendingWorkSource {
  /** Items due in the window that are not done yet. */
  listPending(window: BatchWindow): Promise<WorkItem[]>;
  /** Does one item; throws an Error saying why when it cannot. Called at least once per item. */
  process(item: WorkItem): Promise<void>;
}
