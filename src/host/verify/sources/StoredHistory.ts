import type { HistoryFile } from '../HistoryFile';

/** One instance's history as a source gives it, or why it could not be read. */
export type StoredHistory = { source: string; file: HistoryFile; error?: undefined } | { source: string; instanceId: string; name?: string; runtimeStatus?: string; error: string };

/** Which instances to verify. */
export interface HistoryFilter {
  /** Only these instance ids (all when empty). */
  instanceIds?: readonly string[];
  /** Only instances in these runtime statuses (all when empty). */
  statuses?: readonly string[];
}

/** The statuses `verify` reads from a store or task hub unless told otherwise: the instances that will replay again. */
export const IN_FLIGHT_STATUSES = ['Running', 'Pending', 'Suspended'] as const;

export function matchesFilter(instanceId: string, status: string | undefined, filter: HistoryFilter): boolean {
  if (filter.instanceIds?.length && !filter.instanceIds.includes(instanceId)) return false;
  if (filter.statuses?.length && !filter.statuses.some((s) => s.toLowerCase() === (status ?? '').toLowerCase())) return false;
  return true;
}
