import type { EntityRequest } from '../model/EntityRequest';
import type { HistoryEvent } from '../model/history';
import type { InstanceRecord, RuntimeStatus } from '../model/instance';
import type { TraceContext } from '../../tracing/traceContext';

export type { InstanceRecord, RuntimeStatus } from '../model/instance';
export { ACTIVE_STATUSES, ALL_STATUSES, TERMINAL_STATUSES, isTerminal } from '../model/instance';

/** A message waiting in an orchestration's (or entity's) inbox; timers are messages that become visible later. */
export interface InboxMessage {
  id: number;
  instanceId: string;
  /** The execution the message belongs to; null for messages from clients, which any execution takes. */
  executionId: string | null;
  event: HistoryEvent;
  visibleAt: number;
}

export type NewMessage = Omit<InboxMessage, 'id'>;

export interface NewActivity {
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  input: string | null;
  visibleAt: number;
  /** The activity's own span in the orchestration's trace. */
  traceContext?: TraceContext;
}

/** A new instance: the caller builds its record and its ExecutionStarted event; the store never invents events. */
export interface CreateInstanceRequest {
  instance: InstanceRecord;
  started: HistoryEvent;
  /** When the ExecutionStarted message becomes visible; later than now for a scheduled start. */
  visibleAt: number;
  /** An existing instance in one of these statuses refuses the create (InstanceExistsError); any other is replaced. */
  conflictsWith: readonly RuntimeStatus[];
}

/** An orchestration work item, locked by the store until it is completed or abandoned. */
export interface OrchestrationWorkItem {
  readonly instanceId: string;
  /** The store's lock on the instance; a complete or abandon with a stale token is refused. */
  readonly lockToken: number;
  /** The instance as it was fetched; undefined for messages to an instance that does not exist. */
  readonly instance: InstanceRecord | undefined;
  /** The row version the completion is guarded by: the instance must still be the one that was fetched. */
  readonly etag: number;
  /** The stored history of the current execution: rows of event JSON texts joined by commas (see historyRows.ts). */
  readonly history: readonly string[];
  readonly messages: readonly InboxMessage[];
  /** How much text the item holds (history and messages), for the memory the episode will take. */
  readonly size: number;
}

/** Everything one orchestration episode changes, committed at once. */
export interface OrchestrationChanges {
  consumedMessageIds: number[];
  /** The instance's new record; undefined when the episode only drops messages. */
  instance?: InstanceRecord;
  /** A new execution (continue-as-new, rewind): the old history goes. */
  resetHistory: boolean;
  appendHistory: HistoryEvent[];
  activities: NewActivity[];
  messages: NewMessage[];
  /** Timer messages of this instance to drop (cancelled timers), by TimerId. */
  cancelledTimerIds: number[];
  /** The instance ended: drop whatever else waits for it. */
  finished: boolean;
  /** Sub-orchestrations to create in the same transaction; one that exists and is active makes the completion stale. */
  startInstances: CreateInstanceRequest[];
}

/** What a completion came to: applied, or refused because the work item no longer matches the store. */
export type CompletionOutcome = 'committed' | 'stale';

export interface ActivityWorkItem {
  readonly id: number;
  readonly lockToken: number;
  readonly instanceId: string;
  readonly executionId: string;
  readonly taskId: number;
  readonly name: string;
  readonly input: string | null;
  readonly dequeueCount: number;
  readonly traceContext?: TraceContext;
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
  readonly entityId: string;
  readonly lockToken: number;
  readonly entity: EntityRecord | undefined;
  readonly etag: number;
  readonly messages: readonly InboxMessage[];
}

export interface EntityChanges {
  consumedMessageIds: number[];
  /** The new record, or null when the entity no longer exists and holds nothing. */
  entity: EntityRecord | null;
  messages: NewMessage[];
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

export interface EntityQuery {
  name?: string;
  /** Only entities whose last operation falls in this window. */
  lastOperationFrom?: number;
  lastOperationTo?: number;
  pageSize?: number;
  continuationToken?: string;
}

export interface EntityPage {
  entities: EntityRecord[];
  continuationToken?: string;
}

/** A monitored timer trigger's schedule status (useMonitor). */
export interface ScheduleStatusRecord {
  last: number | null;
  next: number;
  lastUpdated: number;
}

/**
 * The one place that decides what commits (durabletask-go's Backend is the model). Work is
 * fetched and locked, then completed or abandoned; a completion applies only if the instance is
 * still the one that was fetched. Every method that changes state does it in one transaction.
 * Errors are domain errors (model/errors.ts); store failures are StoreUnavailableError.
 */
export interface Store {
  // ---- instances, for clients ----
  createInstance(request: CreateInstanceRequest): InstanceRecord;
  /** Puts an event in an instance's inbox if the instance is in one of `acceptedIn`; else InstanceNotFoundError or NotInStateError. */
  addEvent(instanceId: string, event: HistoryEvent, acceptedIn: readonly RuntimeStatus[], operation: string, visibleAt: number): InstanceRecord;
  getInstance(instanceId: string): InstanceRecord | undefined;
  readHistory(instanceId: string): HistoryEvent[];
  queryInstances(query: InstanceQuery): InstancePage;
  /** Purges an instance in any state, as the Azure Storage provider does; InstanceNotFoundError when there is none. */
  purgeInstance(instanceId: string): number;
  purgeInstances(filter: PurgeFilter): number;

  // ---- orchestration work ----
  /** Up to `limit` items whose text adds up to about `budget` characters (the first is taken whatever its size). */
  fetchOrchestrationWorkItems(now: number, limit: number, budget?: number): OrchestrationWorkItem[];
  /** Several completions in one transaction; each is applied or refused on its own. */
  completeOrchestrationWorkItems(completions: { item: OrchestrationWorkItem; changes: OrchestrationChanges }[]): CompletionOutcome[];
  /** Releases the lock; with `retryAt`, the item's messages stay invisible until then. */
  abandonOrchestrationWorkItem(item: OrchestrationWorkItem, retryAt?: number): void;

  // ---- entity work ----
  /** Several entity messages (client signals) in one transaction. */
  addEntityMessages(messages: { entityId: string; event: HistoryEvent; now: number }[]): void[];
  fetchEntityWorkItems(now: number, limit: number, messageLimit: number): EntityWorkItem[];
  /** Locks and loads one entity even with no new messages (requests it queued may have become runnable). */
  fetchEntityWorkItem(entityId: string, now: number, messageLimit: number): EntityWorkItem | undefined;
  completeEntityWorkItem(item: EntityWorkItem, changes: EntityChanges): CompletionOutcome;
  abandonEntityWorkItem(item: EntityWorkItem, retryAt?: number): void;
  getEntity(entityId: string): EntityRecord | undefined;
  /** Deletes an entity's state and waiting messages (a purge of its instance id); 0 when it has none. */
  purgeEntity(entityId: string): number;
  queryEntities(query: EntityQuery): EntityPage;

  // ---- activity work ----
  fetchActivityWorkItems(now: number, limit: number, leaseMs: number, budget?: (item: { name: string; inputLength: number }) => boolean): ActivityWorkItem[];
  /** Deletes finished work items and puts their results in the inboxes; a result for an item no longer leased to it is dropped. */
  completeActivityWorkItems(completions: { item: ActivityWorkItem; result: NewMessage }[]): CompletionOutcome[];
  abandonActivityWorkItem(item: ActivityWorkItem, retryAt: number): void;

  // ---- the rest ----
  /**
   * Resolves once every change committed before the call would survive a power loss or OS crash.
   * Whatever is acknowledged to a client (an HTTP answer) waits for it first.
   */
  durable(): Promise<void>;
  /** After a start nothing is running: every lease and lock is released at once. */
  recover(now: number): void;
  /** Whether any message or work item is visible at `now` and not locked. */
  hasVisibleWork(now: number): boolean;
  /** The earliest time after `now` at which a message or work item becomes visible (a timer, a retry, a lease expiry). */
  nextWakeAt(now: number): number | undefined;
  getScheduleStatus(functionName: string): ScheduleStatusRecord | undefined;
  putScheduleStatus(functionName: string, status: ScheduleStatusRecord): void;
  close(): void;
}
