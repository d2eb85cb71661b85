import { OrchestrationRuntimeStatus } from 'durable-functions';

// An instance in one of these still owns its id: starting another with the same id would clash.
const ACTIVE_STATUSES: ReadonlySet<string> = new Set([
  OrchestrationRuntimeStatus.Running,
  OrchestrationRuntimeStatus.Pending,
  OrchestrationRuntimeStatus.Suspended,
  OrchestrationRuntimeStatus.ContinuedAsNew,
]);

// An instance in one of these can no longer receive events or be terminated.
const FINISHED_STATUSES: ReadonlySet<string> = new Set([
  OrchestrationRuntimeStatus.Completed,
  OrchestrationRuntimeStatus.Failed,
  OrchestrationRuntimeStatus.Terminated,
  OrchestrationRuntimeStatus.Canceled,
]);

export function isActiveStatus(status: string): boolean {
  return ACTIVE_STATUSES.has(status);
}

export function isFinishedStatus(status: string): boolean {
  return FINISHED_STATUSES.has(status);
}
