export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Terminated' | 'Suspended';

export const TERMINAL_STATUSES: readonly RuntimeStatus[] = ['Completed', 'Failed', 'Terminated'];
export const ACTIVE_STATUSES: readonly RuntimeStatus[] = ['Pending', 'Running', 'ContinuedAsNew', 'Suspended'];
export const ALL_STATUSES: readonly RuntimeStatus[] = ['Pending', 'Running', 'Completed', 'ContinuedAsNew', 'Failed', 'Terminated', 'Suspended'];

export function isTerminal(status: RuntimeStatus): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Terminated';
}

/** An orchestration instance as the store keeps it: the current execution's status and data. */
export interface InstanceRecord {
  instanceId: string;
  executionId: string;
  name: string;
  version: string | null;
  status: RuntimeStatus;
  /** JSON text, or null when there is none. */
  input: string | null;
  output: string | null;
  customStatus: string | null;
  createdAt: number;
  lastUpdatedAt: number;
  completedAt: number | null;
  parentInstanceId: string | null;
  parentExecutionId: string | null;
  parentTaskId: number | null;
  /** The next sequence number the orchestrator will give a task: the EventId of the next scheduling event. */
  nextEventId: number;
}
