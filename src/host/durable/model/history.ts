import type { DurableHttpRequest } from './durableHttp';
import type { FailureDetails } from './failureDetails';

/** Durable Task history events, with the field names the durable-functions SDK reads. */
export enum EventType {
  ExecutionStarted = 0,
  ExecutionCompleted = 1,
  ExecutionFailed = 2,
  ExecutionTerminated = 3,
  TaskScheduled = 4,
  TaskCompleted = 5,
  TaskFailed = 6,
  SubOrchestrationInstanceCreated = 7,
  SubOrchestrationInstanceCompleted = 8,
  SubOrchestrationInstanceFailed = 9,
  TimerCreated = 10,
  TimerFired = 11,
  OrchestratorStarted = 12,
  OrchestratorCompleted = 13,
  EventSent = 14,
  EventRaised = 15,
  ContinueAsNew = 16,
  GenericEvent = 17,
  HistoryState = 18,
  ExecutionSuspended = 19,
  ExecutionResumed = 20,
}

export interface HistoryEvent {
  EventType: EventType;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  Input?: string | null;
  Result?: string | null;
  Reason?: string;
  Details?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  OrchestrationStatus?: string;
  Version?: string;
  ParentInstance?: { InstanceId: string; TaskScheduleId: number; Name: string } | null;
  /** A failure as durable-functions 3.5 reads it into a TaskFailedError (TaskFailed, SubOrchestrationInstanceFailed, a failed ExecutionCompleted). */
  FailureDetails?: FailureDetails;
  /** On ExecutionStarted, as the Durable Task Framework keeps it: the caller's trace (`TraceParent`) and the orchestration's own span (`Id`, `SpanId`). */
  ParentTraceContext?: DistributedTraceContext;
  /** The host's own bookkeeping (retries, long timers); the SDK ignores it and the API hides it. */
  Host?: HostMeta;
}

export interface DistributedTraceContext {
  TraceParent: string | null;
  TraceState?: string | null;
  /** The orchestration's own span, as a traceparent: every episode runs under it, every activity is its child. */
  Id: string;
  SpanId: string;
}

export interface HostMeta {
  retry?: RetryState;
  longTimer?: LongTimerState;
  /** A callHttp's wait before it polls the 202's Location with this request. */
  httpPoll?: { request: DurableHttpRequest };
  /** The host scheduled this by itself (a retry timer, a new attempt, a long timer's next hop, a callHttp poll), not an action. */
  followUp?: boolean;
}

/** A timer longer than the SDK's maximum short timer fires in hops; this is where it is going. */
export interface LongTimerState {
  firstEventId: number;
  finalFireAt: number;
}

/** Where a retried activity or sub-orchestration stands; travels with its work items and messages. */
export interface RetryState {
  /** Event id of the first attempt's scheduling event: the action this retry belongs to. */
  firstEventId: number;
  attempt: number;
  firstAttemptAt: number;
  options: RetryOptions;
  /** What to schedule again: an activity, or a sub-orchestration with its instance id. */
  kind: 'activity' | 'orchestration';
  name: string;
  input: string | null;
  instanceId?: string;
  /** A retried sub-orchestration's version. */
  version?: string;
  lastFailure?: { reason: string; details: string; failureDetails?: FailureDetails };
  /** The retry timeout passed: the attempts the SDK still counts fail without running. */
  timedOut?: boolean;
}

export interface RetryOptions {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

export function historyEvent(type: EventType, timestamp: number, fields: Partial<HistoryEvent> = {}): HistoryEvent {
  return { EventType: type, EventId: -1, IsPlayed: false, Timestamp: new Date(timestamp).toISOString(), ...fields };
}

/** The events that record something the orchestrator scheduled, matched against its actions on replay. */
export function isSchedulingEvent(type: EventType): boolean {
  return (
    type === EventType.TaskScheduled ||
    type === EventType.TimerCreated ||
    type === EventType.SubOrchestrationInstanceCreated ||
    type === EventType.EventSent
  );
}
