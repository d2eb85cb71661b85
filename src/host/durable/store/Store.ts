import type { EntityRequest } from '../entities/EntityRequest';
import type { HistoryEvent } from '../history';

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Terminated' | 'Suspended';

export const TERMINAL_STATUSES: readonly RuntimeStatus[] = ['Completed', 'Failed', 'Terminated'];
export const ALL_STATUSES: readonly RuntimeStatus[] = ['Pending', 'Running', 'Completed', 'ContinuedAsNew', 'Failed', 'Terminated', 'Suspended'];

export function isTerminal(status: RuntimeStatus): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Terminated';
}

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

/** A message waiting in an orchestration's inbox; timers are messages that become visible later. */
export interface InboxMessage {
  id: number;
  instanceId: string;
  /** The execution the message belongs to; null for messages from clients, which any execution takes. */
  executionId: string | null;
  event: HistoryEvent;
  visibleAt: number;
}

export type NewMessage = Omit<InboxMessage, 'id'>;

export interface ActivityWorkItem {
  id: number;
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  input: string | null;
  dequeueCount: number;
}

export type NewActivity = Omit<ActivityWorkItem, 'id' | 'dequeueCount'> & { visibleAt: number };

export interface OrchestrationWorkItem {
  instance: InstanceRecord;
  /** The stored history of the current execution, one JSON text per event. */
  history: string[];
  messages: InboxMessage[];
}

/** Everything one orchestration episode changes, committed at once. */
export interface EpisodeCommit {
  instanceId: string;
  consumedMessageIds: number[];
  instance: InstanceRecord;
  /** A new execution (continue-as-new): the old history goes. */
  resetHistory: boolean;
  appendHistory: HistoryEvent[];
  activities: NewActivity[];
  messages: NewMessage[];
  /** Timer messages of this instance to drop (cancelled timers). */
  cancelledTimerIds: number[];
  /** The instance ended: drop whatever else waits for it. */
  finished: boolean;
  /** Sub-orchestrations to create, in the same transaction. */
  startInstances: StartRequest[];
}

export interface StartRequest {
  instanceId: string;
  name: string;
  input: string | null;
  version?: string | null;
  parentInstanceId?: string | null;
  parentExecutionId?: string | null;
  parentTaskId?: number | null;
  /** When to start; later than now for a scheduled start. */
  visibleAt?: number;
}

export interface InstanceQuery {
  runtimeStatus?: RuntimeStatus[];
  createdTimeFrom?: number;
  createdTimeTo?: number;
  instanceIdPrefix?: string;
  pageSize?: number;
  continuationToken?: string;
}

export interface InstancePage {
  instances: InstanceRecord[];
  continuationToken?: string;
}

export interface PurgeFilter {
  runtimeStatus?: RuntimeStatus[];
  createdTimeFrom?: number;
  createdTimeTo?: number;
}

/** An entity's stored state and its scheduler state (lock owner, requests waiting for the lock). */
export interface EntityRecord {
  entityId: string;
  name: string;
  key: string;
  exists: boolean;
  /** JSON text. */
  state: string | null;
  lockOwner: string | null;
  /** Requests that arrived while another orchestration held the lock, in arrival order. */
  queue: EntityRequest[];
  lastModified: number;
}

export interface EntityWorkItem {
  entity: EntityRecord | undefined;
  messages: InboxMessage[];
}

export interface EntityBatchCommit {
  entityId: string;
  consumedMessageIds: number[];
  /** The new record, or null when the entity no longer exists and holds nothing. */
  entity: EntityRecord | null;
  messages: NewMessage[];
}

export interface EntityQuery {
  name?: string;
  pageSize?: number;
  continuationToken?: string;
}

export interface EntityPage {
  entities: EntityRecord[];
  continuationToken?: string;
}

export class InstanceConflictError extends Error {
  constructor(
    readonly instanceId: string,
    readonly status: RuntimeStatus,
  ) {
    super(`An instance with ID '${instanceId}' already exists and is ${status}.`);
    this.name = 'InstanceConflictError';
  }
}

/**
 * The seam between the engine and its storage: the dispatchers speak only to this.
 * Every method that changes state does it in one transaction.
 */
export interface Store {
  createInstance(request: StartRequest, now: number): InstanceRecord;
  getInstance(instanceId: string): InstanceRecord | undefined;
  readHistory(instanceId: string): HistoryEvent[];
  queryInstances(query: InstanceQuery): InstancePage;
  enqueueMessages(messages: NewMessage[]): void;
  purgeInstance(instanceId: string): number;
  purgeInstances(filter: PurgeFilter): number;

  readyOrchestrations(now: number, limit: number, exclude: ReadonlySet<string>): string[];
  loadOrchestrationWorkItem(instanceId: string, now: number): OrchestrationWorkItem | undefined;
  commitEpisode(commit: EpisodeCommit): void;
  /** Several episodes of different instances in one transaction. */
  commitEpisodes(commits: EpisodeCommit[]): void;

  loadEntityWorkItem(entityId: string, now: number, limit: number): EntityWorkItem;
  commitEntityBatch(commit: EntityBatchCommit): void;
  getEntity(entityId: string): EntityRecord | undefined;
  queryEntities(query: EntityQuery): EntityPage;

  leaseActivities(now: number, limit: number, leaseMs: number): ActivityWorkItem[];
  /** Deletes finished work items and puts their results in the inboxes, all in one transaction. */
  completeActivities(completions: { itemId: number; result: NewMessage }[]): void;
  /** After a restart nothing is running: every lease is released at once. */
  releaseLeases(now: number): void;

  /** Whether any message or work item is visible at `now`. */
  hasVisibleWork(now: number): boolean;
  /** The earliest time after `now` at which a message or work item becomes visible. */
  nextWakeAt(now: number): number | undefined;
  close(): void;
}
