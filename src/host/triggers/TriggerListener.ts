/** Watches a source (a schedule, a queue) and invokes one function when it has something. */
export interface TriggerListener {
  readonly functionName: string;
  /** Begins listening; a run owed at start (past due, run on startup) begins without being awaited. */
  start(): Promise<void>;
  /** Stops listening; resolves once nothing more will be started. */
  stop(): Promise<void>;
}
