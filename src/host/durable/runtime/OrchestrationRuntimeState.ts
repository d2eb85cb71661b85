import { randomUUID } from 'node:crypto';
import type { EntityRequest } from '../model/EntityRequest';
import { OrchestrationFailedError } from '../model/errors';

export { OrchestrationFailedError } from '../model/errors';
import { entitySchedulerId, parseEntitySchedulerId } from '../model/entityId';
import { type FailureDetails, failureDetailsText } from '../model/failureDetails';
import { EventType, type HistoryEvent, type RetryState, historyEvent, isSchedulingEvent } from '../model/history';
import { type TraceContext, childSpan, parseTraceParent } from '../../tracing/traceContext';
import { ACTIVE_STATUSES, type InstanceRecord, type RuntimeStatus, isTerminal } from '../model/instance';
import {
  ActionType,
  type OrchestratorAction,
  type OrchestratorState,
  actionInputJson,
  describeAction,
  findContinueAsNew,
  numberedActions,
  unconsumedEvents,
} from '../protocol/actions';
import {
  type DurableHttpRequest,
  type DurableHttpResponse,
  HTTP_ACTIVITY_NAME,
  decodeHttpActivityInput,
  httpActivityInput,
  locationPollRequest,
  responseHeader,
} from '../protocol/durableHttp';
import type { CreateInstanceRequest, InboxMessage, NewActivity, NewMessage, OrchestrationChanges } from '../store/Store';
import { type ReplayDivergence, describeDivergence } from './ReplayDivergence';
import { matchActions } from './replayMatch';
import { retryDelay } from './retryDelay';
import { planRewind } from './rewindPlan';
import { type DurableFunctionKind, unknownFunctionMessage } from './unknownFunction';

export const CUSTOM_STATUS_LIMIT_BYTES = 16 * 1024;
/** The name of the host's own message that asks a failed instance to rewind. */
export const REWIND_REQUEST = '$RewindRequest';
// The latest date a JavaScript Date (and so the SDK) can hold.
const MAX_DATE_MS = 8.64e15;

export interface OrchestrationSettings {
  /** Timers longer than this fire in hops (the SDK's maximumShortTimerDuration). */
  maximumShortTimerMs: number;
  /** The length of one hop of a long timer (the SDK's longRunningTimerIntervalDuration). */
  longTimerIntervalMs: number;
  /** How long a callHttp waits before polling a 202 without Retry-After (host.json http.defaultAsyncRequestSleepTimeMilliseconds). */
  defaultHttpAsyncRequestSleepMs: number;
}

export const DEFAULT_ORCHESTRATION_SETTINGS: OrchestrationSettings = {
  maximumShortTimerMs: 6 * 24 * 3600_000,
  longTimerIntervalMs: 3 * 24 * 3600_000,
  defaultHttpAsyncRequestSleepMs: 30_000,
};

/** A Retry-After of whole seconds, as the extension reads it (int.Parse); the default wait without one. */
function retryAfterMs(value: string | undefined, fallback: number): number {
  const seconds = value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
  return seconds === undefined ? fallback : seconds * 1000;
}

/** What the runtime needs to know of the world outside the instance; lookups only, no writes. */
export interface RuntimeLookups {
  /** The registered name of the orchestrator function `name` (names are case-insensitive), if there is one and it is enabled. */
  orchestratorName(name: string): string | undefined;
  /** Likewise for activities and entities. */
  activityName(name: string): string | undefined;
  entityName(name: string): string | undefined;
  /** The enabled functions of a kind, for the message about one that is not. */
  knownNames(kind: DurableFunctionKind): string[];
  /** The status of the instance `instanceId`, if it exists (a sub-orchestration's id). */
  instanceStatus(instanceId: string): RuntimeStatus | undefined;
}

/** Why an orchestration failed: what its output and its parent see. */
export interface OrchestrationFailure {
  message: string;
  details: string;
  /** The structured failure, when there is one (an uncaught TaskFailedError, a version mismatch). */
  failureDetails?: FailureDetails;
}

/** The orchestrator must run: this is the history it is handed, the new events at its end. */
export interface ReplayRequest {
  newEvents: HistoryEvent[];
  isReplaying: boolean;
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function withoutHost(event: HistoryEvent): HistoryEvent {
  if (!event.Host) return event;
  const copy = { ...event };
  delete copy.Host;
  return copy;
}

function isoDate(ms: number, what: string): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) {
    throw new OrchestrationFailedError(`${what} falls at a time that cannot exist (${ms} ms since 1970; the latest is ${MAX_DATE_MS}).`);
  }
  return new Date(ms).toISOString();
}

/**
 * One orchestration episode as pure state, after durabletask-go's runtime state: the instance, its
 * history and the new messages go in; the orchestrator's actions are applied; new history events and
 * outgoing work (activities, timers, messages, sub-orchestrations) come out as OrchestrationChanges.
 * No I/O: the processor invokes the orchestrator and commits what this returns.
 */
export class OrchestrationRuntimeState {
  readonly instance: InstanceRecord;
  private readonly consumed: number[] = [];
  private readonly append: HistoryEvent[] = [];
  private readonly activities: NewActivity[] = [];
  private readonly messages: NewMessage[] = [];
  private readonly cancelledTimerIds: number[] = [];
  private readonly startInstances: CreateInstanceRequest[] = [];
  private readonly scheduled = new Map<number, HistoryEvent>();
  private resetHistory = false;
  private finished = false;
  private changed = false;
  private replayBatch: InboxMessage[] = [];
  private replayNewEvents: HistoryEvent[] = [];
  // The orchestration's span, read once from its ExecutionStarted (null: it has none).
  private trace?: TraceContext | null;
  /** Set when the instance failed in this episode. */
  failure?: OrchestrationFailure;
  // The last matching of actions against the history, so that it is done once per state.
  private lastMatch?: { state: OrchestratorState; actions: OrchestratorAction[]; replayed: HistoryEvent[]; divergence?: ReplayDivergence };

  constructor(
    instance: InstanceRecord,
    private readonly history: HistoryEvent[],
    private readonly inbox: readonly InboxMessage[],
    readonly now: number,
    private readonly settings: OrchestrationSettings,
    private readonly lookups: RuntimeLookups,
  ) {
    this.instance = { ...instance };
    for (const e of history) if (isSchedulingEvent(e.EventType)) this.scheduled.set(e.EventId, e);
  }

  /** Takes the new messages in. Returns what the orchestrator must be shown, or undefined when this episode needs no replay. */
  begin(): ReplayRequest | undefined {
    const live: InboxMessage[] = [];
    for (const m of this.inbox) {
      const stale = m.executionId !== null && m.executionId !== this.instance.executionId;
      if (stale) this.consumed.push(m.id);
      else live.push(m);
    }
    if (isTerminal(this.instance.status)) {
      const rewind = live.find((m) => m.event.EventType === EventType.GenericEvent && m.event.Name === REWIND_REQUEST);
      // Late messages for a finished instance are dropped; only a rewind brings a failed one back.
      this.consumed.push(...live.map((m) => m.id));
      if (rewind && this.instance.status === 'Failed') this.rewind(rewind.event);
      return undefined;
    }
    // Only messages of another execution: consumed, and nothing for the orchestrator to see.
    if (!live.length) return undefined;
    const terminate = live.find((m) => m.event.EventType === EventType.ExecutionTerminated);
    // Suspend and resume take effect in order: what came before them runs first, what came after waits.
    const control = live.findIndex((m) => m.event.EventType === EventType.ExecutionSuspended || m.event.EventType === EventType.ExecutionResumed);
    if (terminate) {
      this.consumed.push(...live.map((m) => m.id));
      this.terminate(terminate.event);
      return undefined;
    }
    if (this.instance.status === 'Suspended' || control === 0) {
      const next = this.instance.status === 'Suspended' ? live.find((m) => m.event.EventType === EventType.ExecutionResumed) : live[0];
      if (next) {
        this.consumed.push(next.id);
        this.suspendOrResume(next.event);
      }
      return undefined;
    }
    const batch = control < 0 ? live : live.slice(0, control);
    const followUp = batch.find((m) => this.isFollowUp(m.event));
    if (followUp) {
      // Events that make the SDK number a task of its own are taken one per episode, ahead of the
      // rest, so the host can give that task the same number without running the orchestrator.
      this.consumed.push(followUp.id);
      this.followUp(followUp.event);
      return undefined;
    }
    this.consumed.push(...batch.map((m) => m.id));
    return this.prepareReplay(batch);
  }

  /**
   * Where the orchestrator's actions part from the history, if they do (the runtime's one matching,
   * shared with `verify`). The caller may look up the source line of that call and fail the instance
   * with `failWithDivergence`; `applyOrchestratorState` reuses this match instead of matching again.
   */
  findDivergence(state: OrchestratorState): ReplayDivergence | undefined {
    return this.match(state).divergence;
  }

  /** Fails the instance as non-deterministic, with the message the host, the test environment and verify share. */
  failWithDivergence(divergence: ReplayDivergence): void {
    this.failWith({ message: describeDivergence(divergence), details: '' });
  }

  /**
   * Applies what the orchestrator returned: matches its actions against the history and schedules the
   * new ones; actions that do not match the history fail the instance (with `describeDivergence`).
   */
  applyOrchestratorState(state: OrchestratorState): void {
    const mark = this.append.length;
    try {
      const divergence = this.applyActions(state);
      if (divergence) {
        this.failWithDivergence(divergence);
        return;
      }
      if (state.customStatus !== undefined) this.instance.customStatus = this.customStatusJson(state.customStatus);
    } catch (error) {
      this.append.length = mark;
      const failure = error instanceof OrchestrationFailedError ? error : new OrchestrationFailedError(String((error as Error)?.message ?? error));
      this.failWith({ message: failure.message, details: failure.details, failureDetails: failure.failureDetails });
      return;
    }
    const { now } = this;
    const continueAsNew = findContinueAsNew(state);
    if (state.isDone && continueAsNew) {
      this.continueAsNew(continueAsNew, unconsumedEvents(state, [...this.history, ...this.replayNewEvents]));
    } else if (state.isDone) {
      const output = jsonOrNull(state.output);
      this.append.push(historyEvent(EventType.ExecutionCompleted, now, { OrchestrationStatus: 'Completed', Result: output }));
      this.append.push(historyEvent(EventType.OrchestratorCompleted, now));
      this.finish('Completed', output);
    } else {
      this.append.push(historyEvent(EventType.OrchestratorCompleted, now));
    }
  }

  /**
   * Fails the instance: whatever this episode scheduled is dropped, the failure is recorded in the
   * history and the output, the parent is told. Used for an orchestrator that threw, and for any
   * error of the host while processing this one instance, so that nothing is retried for ever.
   */
  failWith(failure: OrchestrationFailure): void {
    const { instance, now } = this;
    const message = `Orchestrator function '${instance.name}' failed: ${failure.message}`;
    this.failure = { message, details: failure.details, failureDetails: failure.failureDetails };
    // With FailureDetails the output is what they print, as the Durable Task Framework makes it.
    const output = JSON.stringify(failure.failureDetails ? failureDetailsText(failure.failureDetails) : message);
    this.activities.length = 0;
    this.messages.length = 0;
    this.startInstances.length = 0;
    this.cancelledTimerIds.length = 0;
    if (!this.append.some((e) => e.EventType === EventType.OrchestratorStarted)) this.append.push(historyEvent(EventType.OrchestratorStarted, now));
    this.append.push(
      historyEvent(EventType.ExecutionCompleted, now, {
        OrchestrationStatus: 'Failed',
        Result: output,
        Details: failure.details,
        ...(failure.failureDetails ? { FailureDetails: failure.failureDetails } : {}),
      }),
      historyEvent(EventType.OrchestratorCompleted, now),
    );
    this.finish('Failed', output, { reason: message, details: failure.details, failureDetails: failure.failureDetails });
  }

  /** Fails the instance for a reason outside the orchestrator; consumes every message it was handed. */
  failAll(failure: OrchestrationFailure): void {
    const ids = new Set(this.consumed);
    for (const m of this.inbox) if (!ids.has(m.id)) this.consumed.push(m.id);
    this.resetHistory = false;
    this.append.length = 0;
    if (!isTerminal(this.instance.status)) this.failWith(failure);
  }

  /** The orchestration's own span, from its ExecutionStarted: every episode runs under it and every activity is its child. */
  get traceContext(): TraceContext | undefined {
    if (this.trace === undefined) {
      const own = this.executionStarted()?.ParentTraceContext;
      this.trace = own?.Id ? { traceParent: own.Id, ...(own.TraceState ? { traceState: own.TraceState } : {}) } : null;
    }
    return this.trace ?? undefined;
  }

  /** This execution's ExecutionStarted: the first event of its history, or of this episode's new events. */
  private executionStarted(): HistoryEvent | undefined {
    return this.history.find((e) => e.EventType === EventType.ExecutionStarted) ?? this.replayNewEvents.find((e) => e.EventType === EventType.ExecutionStarted);
  }

  /** What to commit. */
  changes(): OrchestrationChanges {
    const touched = this.changed || this.append.length > 0;
    if (touched) this.instance.lastUpdatedAt = this.now;
    return {
      consumedMessageIds: this.consumed,
      instance: touched ? this.instance : undefined,
      resetHistory: this.resetHistory,
      appendHistory: this.append,
      activities: this.activities,
      messages: this.messages,
      cancelledTimerIds: this.cancelledTimerIds,
      finished: this.finished,
      startInstances: this.startInstances,
    };
  }

  // ---- episode kinds --------------------------------------------------------------------------

  private prepareReplay(batch: InboxMessage[]): ReplayRequest | undefined {
    const newEvents: HistoryEvent[] = [];
    let started = this.history.some((e) => e.EventType === EventType.ExecutionStarted);
    for (const m of batch) {
      if (m.event.EventType === EventType.ExecutionStarted) {
        if (started) continue;
        started = true;
        this.instance.status = 'Running';
        this.changed = true;
      }
      newEvents.push({ ...withoutHost(m.event), IsPlayed: false });
    }
    if (!started) return undefined;
    const orchestratorStarted = historyEvent(EventType.OrchestratorStarted, this.now);
    this.append.push(orchestratorStarted, ...newEvents);
    this.replayBatch = batch;
    this.replayNewEvents = newEvents;
    return { newEvents: [orchestratorStarted, ...newEvents], isReplaying: this.history.length > 0 };
  }

  private isFollowUp(event: HistoryEvent): boolean {
    if (event.EventType === EventType.TaskFailed || event.EventType === EventType.SubOrchestrationInstanceFailed) {
      return this.scheduled.get(event.TaskScheduledId ?? -1)?.Host?.retry !== undefined;
    }
    if (event.EventType === EventType.TimerFired) {
      const host = this.scheduled.get(event.TimerId ?? -1)?.Host;
      if (host?.retry) return host.retry.attempt < host.retry.options.maxNumberOfAttempts;
      if (host?.longTimer) return host.longTimer.finalFireAt > this.now;
      if (host?.httpPoll) return true;
    }
    // A callHttp's 202: the host waits and polls, as the extension does; the SDK numbers that timer and call itself.
    if (event.EventType === EventType.TaskCompleted) return this.httpPollAfter(event) !== undefined;
    return false;
  }

  private terminate(event: HistoryEvent): void {
    const reason = event.Input ? (JSON.parse(event.Input) as unknown) : '';
    this.append.push(
      historyEvent(EventType.OrchestratorStarted, this.now),
      { ...event, Timestamp: new Date(this.now).toISOString() },
      historyEvent(EventType.OrchestratorCompleted, this.now),
    );
    this.finish('Terminated', jsonOrNull(reason));
  }

  private suspendOrResume(event: HistoryEvent): void {
    const suspend = event.EventType === EventType.ExecutionSuspended;
    const { instance, now } = this;
    if (suspend === (instance.status === 'Suspended')) return;
    this.append.push(
      historyEvent(EventType.OrchestratorStarted, now),
      { ...event, Timestamp: new Date(now).toISOString() },
      historyEvent(EventType.OrchestratorCompleted, now),
    );
    instance.status = suspend ? 'Suspended' : 'Running';
  }

  private rewind(request: HistoryEvent): void {
    const reason = request.Input ? String(JSON.parse(request.Input)) : '';
    const plan = planRewind(this.instance, this.history, this.now, reason);
    Object.assign(this.instance, { status: 'Running', output: null, completedAt: null, nextEventId: plan.nextEventId });
    this.changed = true;
    this.resetHistory = true;
    this.append.push(...plan.history);
    this.activities.push(...plan.activities);
    // With nothing to run again, one more replay is what rewinding means.
    if (plan.activities.length === 0 && plan.children.length === 0) {
      this.message(historyEvent(EventType.GenericEvent, this.now, { Name: 'Rewind' }));
    }
    for (const child of plan.children) {
      if (this.lookups.instanceStatus(child) === 'Failed') this.message(historyEvent(EventType.GenericEvent, this.now, { Name: REWIND_REQUEST, Input: JSON.stringify(reason) }), this.now, child, null);
    }
  }

  /** A retry or long-timer step: the host schedules the next timer or attempt itself. */
  private followUp(event: HistoryEvent): void {
    const { now } = this;
    this.append.push(historyEvent(EventType.OrchestratorStarted, now), withoutHost(event));
    const id = this.nextId();
    if (event.EventType === EventType.TaskCompleted) {
      const poll = this.httpPollAfter(event)!;
      this.scheduleTimer(id, now + poll.waitMs, { httpPoll: { request: poll.request }, followUp: true });
    } else if (event.EventType === EventType.TimerFired) {
      const host = this.scheduled.get(event.TimerId ?? -1)!.Host!;
      if (host.httpPoll) {
        this.scheduleActivity(id, HTTP_ACTIVITY_NAME, httpActivityInput(host.httpPoll.request), { followUp: true });
      } else if (host.retry) {
        this.scheduleAttempt(id, { ...host.retry, attempt: host.retry.attempt + 1 });
      } else if (host.longTimer) {
        const remaining = host.longTimer.finalFireAt - now;
        const fireAt = remaining > this.settings.maximumShortTimerMs ? now + this.settings.longTimerIntervalMs : host.longTimer.finalFireAt;
        this.scheduleTimer(id, fireAt, { longTimer: host.longTimer, followUp: true });
      }
    } else {
      const retry = this.scheduled.get(event.TaskScheduledId ?? -1)!.Host!.retry!;
      const lastFailure = { reason: event.Reason ?? '', details: event.Details ?? '', ...(event.FailureDetails ? { failureDetails: event.FailureDetails } : {}) };
      const delay = retryDelay(retry, now);
      // Past the retry timeout the remaining attempts fail at once, as the SDK still counts them.
      const next: RetryState = { ...retry, lastFailure, timedOut: delay === undefined };
      const fireAt = now + (delay ?? 0);
      if (!Number.isFinite(fireAt) || fireAt > MAX_DATE_MS) {
        throw new OrchestrationFailedError(
          `The retry policy of '${retry.name}' asks to wait ${delay} ms before attempt ${retry.attempt + 1}, which ends at a time that cannot exist ` +
            `(firstRetryIntervalInMilliseconds ${retry.options.firstRetryIntervalInMilliseconds}, backoffCoefficient ${retry.options.backoffCoefficient ?? 1}). ` +
            `Last failure: ${lastFailure.reason}`,
          lastFailure.details,
          lastFailure.failureDetails,
        );
      }
      this.scheduleTimer(id, fireAt, { retry: next, followUp: true });
    }
    this.append.push(historyEvent(EventType.OrchestratorCompleted, now));
  }

  // ---- actions --------------------------------------------------------------------------------

  private match(state: OrchestratorState): { actions: OrchestratorAction[]; replayed: HistoryEvent[]; divergence?: ReplayDivergence } {
    if (this.lastMatch?.state !== state) {
      const actions = numberedActions(state);
      this.lastMatch = { state, actions, ...matchActions(this.history, actions, this.settings) };
    }
    return this.lastMatch;
  }

  private applyActions(state: OrchestratorState): ReplayDivergence | undefined {
    const { actions, replayed, divergence } = this.match(state);
    if (divergence) return divergence;
    for (let i = 0; i < actions.length; i++) {
      const action = actions[i];
      // As the extension, every call is checked on every replay: a function turned off since fails the orchestration.
      this.checkTarget(action);
      if (i < replayed.length) {
        if (action.actionType === ActionType.CreateTimer && action.isCanceled) this.cancelTimer(replayed[i].EventId);
      } else {
        this.schedule(action);
      }
    }
    return undefined;
  }

  /** Fails the orchestration for a call to a function that does not exist or is disabled, as ThrowIfFunctionDoesNotExist does. */
  private checkTarget(action: OrchestratorAction): void {
    const refuse = (kind: DurableFunctionKind, name: string) => {
      throw new OrchestrationFailedError(unknownFunctionMessage(kind, name, this.lookups.knownNames(kind)));
    };
    switch (action.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry:
        if (!this.lookups.activityName(action.functionName ?? '')) refuse('activity', action.functionName ?? '');
        return;
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry:
        if (!this.lookups.orchestratorName(action.functionName ?? '')) refuse('orchestrator', action.functionName ?? '');
        return;
      case ActionType.CallEntity:
      case ActionType.SignalEntity: {
        const name = parseEntitySchedulerId(action.instanceId ?? '')?.name ?? '';
        if (!this.lookups.entityName(name)) refuse('entity', name);
        return;
      }
      case ActionType.LockEntities:
        for (const entity of action.lockSet ?? []) if (!this.lookups.entityName(entity.name)) refuse('entity', entity.name);
        return;
    }
  }

  private schedule(action: OrchestratorAction): void {
    const { instance, now } = this;
    const input = actionInputJson(action);
    switch (action.actionType) {
      case ActionType.CallActivity:
        this.scheduleActivity(this.nextId(), action.functionName!, input);
        return;
      case ActionType.CallActivityWithRetry:
      case ActionType.CallSubOrchestratorWithRetry: {
        const id = this.nextId();
        const kind = action.actionType === ActionType.CallActivityWithRetry ? 'activity' : 'orchestration';
        const retry: RetryState = {
          firstEventId: id,
          attempt: 1,
          firstAttemptAt: now,
          options: action.retryOptions!,
          kind,
          name: action.functionName!,
          input,
          instanceId: kind === 'orchestration' ? action.instanceId || `${instance.instanceId}:${id}` : undefined,
          version: action.version,
        };
        this.scheduleAttempt(id, retry);
        return;
      }
      case ActionType.CallSubOrchestrator: {
        const id = this.nextId();
        this.scheduleSubOrchestration(id, action.functionName!, input, action.instanceId || `${instance.instanceId}:${id}`, undefined, action.version);
        return;
      }
      case ActionType.CallHttp: {
        const id = this.nextId();
        this.scheduleActivity(id, HTTP_ACTIVITY_NAME, httpActivityInput(this.httpRequestFor(action)));
        return;
      }
      case ActionType.CreateTimer: {
        const id = this.nextId();
        const fireAt = Date.parse(action.fireAt!);
        if (!Number.isFinite(fireAt)) throw new OrchestrationFailedError(`A timer's fire time '${action.fireAt}' is not a date.`);
        if (fireAt - now > this.settings.maximumShortTimerMs) {
          const longTimer = { firstEventId: id, finalFireAt: fireAt };
          this.scheduleTimer(id, now + this.settings.longTimerIntervalMs, { longTimer }, action.isCanceled);
        } else {
          this.scheduleTimer(id, fireAt, undefined, action.isCanceled);
        }
        return;
      }
      case ActionType.CallEntity:
      case ActionType.SignalEntity:
        this.sendToEntity(this.nextId(), 'op', action.instanceId!, {
          id: randomUUID(),
          op: action.operation ?? null,
          signal: action.actionType === ActionType.SignalEntity,
          input: input ?? undefined,
          parent: instance.instanceId,
          parentExecution: instance.executionId,
        });
        return;
      case ActionType.LockEntities: {
        const lockset = (action.lockSet ?? []).map((e) => entitySchedulerId(e.name, e.key));
        this.sendToEntity(this.nextId(), 'op', lockset[0], {
          id: action.lockRequestId!,
          op: null,
          signal: false,
          lockset,
          pos: 0,
          parent: instance.instanceId,
          parentExecution: instance.executionId,
        });
        return;
      }
      case ActionType.ReleaseEntities: {
        const target = entitySchedulerId(action.releaseTarget!.name, action.releaseTarget!.key);
        this.sendToEntity(this.nextId(), 'release', target, { id: randomUUID(), op: null, signal: true, release: true, parent: instance.instanceId });
        return;
      }
      default:
        throw new OrchestrationFailedError(`${describeAction(action)} is not supported by this host.`);
    }
  }

  /** The request a CallHttp action makes, as the SDK sends it. */
  private httpRequestFor(action: OrchestratorAction): DurableHttpRequest {
    const request = action.httpRequest;
    if (!request || typeof request.uri !== 'string') throw new OrchestrationFailedError('A callHttp action carries no request (no url).');
    return request;
  }

  /**
   * The poll that follows a callHttp's 202, as the extension's CallHttpAsync loop makes it: with the
   * asynchronous pattern on and a Location to poll, a GET of it. Undefined when the answer is final.
   */
  private httpPollAfter(completed: HistoryEvent): { request: DurableHttpRequest; waitMs: number } | undefined {
    const scheduled = this.scheduled.get(completed.TaskScheduledId ?? -1);
    if (scheduled?.EventType !== EventType.TaskScheduled || scheduled.Name !== HTTP_ACTIVITY_NAME || !completed.Result) return undefined;
    const request = decodeHttpActivityInput(scheduled.Input ?? null);
    if (request.asynchronousPatternEnabled === false) return undefined;
    const response = JSON.parse(completed.Result) as DurableHttpResponse;
    const location = responseHeader(response, 'Location');
    if (response.statusCode !== 202 || !location) return undefined;
    let target: string;
    try {
      target = new URL(location, request.uri).href;
    } catch {
      throw new OrchestrationFailedError(`The 202 response of ${request.uri} names a Location that is not a URL: '${location}'.`);
    }
    return { request: locationPollRequest(request, target), waitMs: retryAfterMs(responseHeader(response, 'Retry-After'), this.settings.defaultHttpAsyncRequestSleepMs) };
  }

  private nextId(): number {
    return this.instance.nextEventId++;
  }

  private message(event: HistoryEvent, visibleAt = this.now, instanceId = this.instance.instanceId, executionId: string | null = this.instance.executionId): void {
    this.messages.push({ instanceId, executionId, event, visibleAt });
  }

  private scheduleTimer(id: number, fireAt: number, host: HistoryEvent['Host'], cancelled = false): void {
    const FireAt = isoDate(fireAt, 'A timer');
    this.append.push({ ...historyEvent(EventType.TimerCreated, this.now, { FireAt, Host: host }), EventId: id });
    if (!cancelled) this.message(historyEvent(EventType.TimerFired, fireAt, { TimerId: id, FireAt }), fireAt);
  }

  /** Schedules attempt `retry.attempt` of a retried activity or sub-orchestration as task `id`. */
  private scheduleAttempt(id: number, retry: RetryState): void {
    const host = { retry, followUp: retry.attempt > 1 };
    if (retry.timedOut) {
      const failure: { reason: string; details: string; failureDetails?: FailureDetails } = retry.lastFailure ?? { reason: 'Retry timeout expired', details: '' };
      const scheduledType = retry.kind === 'activity' ? EventType.TaskScheduled : EventType.SubOrchestrationInstanceCreated;
      const failedType = retry.kind === 'activity' ? EventType.TaskFailed : EventType.SubOrchestrationInstanceFailed;
      this.append.push({ ...historyEvent(scheduledType, this.now, { Name: retry.name, Input: retry.input, Host: host }), EventId: id });
      this.message(
        historyEvent(failedType, this.now, {
          TaskScheduledId: id,
          Reason: `Retry timeout expired. ${failure.reason}`,
          Details: failure.details,
          ...(failure.failureDetails ? { FailureDetails: failure.failureDetails } : {}),
        }),
      );
      return;
    }
    if (retry.kind === 'activity') this.scheduleActivity(id, retry.name, retry.input, host);
    else this.scheduleSubOrchestration(id, retry.name, retry.input, retry.instanceId!, host, retry.version);
  }

  private scheduleActivity(id: number, name: string, input: string | null, host?: HistoryEvent['Host']): void {
    const { instance, now } = this;
    this.append.push({ ...historyEvent(EventType.TaskScheduled, now, { Name: name, Input: input, Host: host }), EventId: id });
    this.activities.push({ instanceId: instance.instanceId, executionId: instance.executionId, taskId: id, name, input, visibleAt: now, traceContext: childSpan(this.traceContext) });
  }

  private scheduleSubOrchestration(id: number, name: string, input: string | null, childId: string, host?: HistoryEvent['Host'], version?: string): void {
    const { instance, now } = this;
    this.append.push({
      ...historyEvent(EventType.SubOrchestrationInstanceCreated, now, { Name: name, InstanceId: childId, Input: input, Host: host }),
      EventId: id,
    });
    const fail = (reason: string) => this.message(historyEvent(EventType.SubOrchestrationInstanceFailed, now, { TaskScheduledId: id, Reason: reason, Details: '' }));
    const registered = this.lookups.orchestratorName(name);
    if (!registered) {
      fail(unknownFunctionMessage('orchestrator', name, this.lookups.knownNames('orchestrator')));
      return;
    }
    const existing = this.lookups.instanceStatus(childId);
    const starting = this.startInstances.some((s) => s.instance.instanceId === childId);
    if ((existing && !isTerminal(existing)) || starting) {
      fail(`An instance with ID '${childId}' already exists and is ${existing ?? 'Pending'}.`);
      return;
    }
    // A sub-orchestration runs the version it was called with, else its parent's.
    const child = newInstanceRecord({ instanceId: childId, name: registered, input, now, version: version || instance.version });
    Object.assign(child, { parentInstanceId: instance.instanceId, parentExecutionId: instance.executionId, parentTaskId: id });
    this.startInstances.push({ instance: child, started: executionStartedEvent(child, now, this.traceContext), visibleAt: now, conflictsWith: ACTIVE_STATUSES });
  }

  private sendToEntity(id: number, name: 'op' | 'release', entityId: string, request: EntityRequest): void {
    const Input = JSON.stringify(request);
    this.append.push({ ...historyEvent(EventType.EventSent, this.now, { Name: name, InstanceId: entityId, Input }), EventId: id });
    this.message(historyEvent(EventType.EventRaised, this.now, { Name: name, Input }), this.now, entityId, null);
  }

  private cancelTimer(timerId: number): void {
    this.cancelledTimerIds.push(timerId);
    for (const e of this.history) {
      if (e.EventType === EventType.TimerCreated && e.Host?.longTimer?.firstEventId === timerId) this.cancelledTimerIds.push(e.EventId);
    }
  }

  private customStatusJson(value: unknown): string {
    const json = JSON.stringify(value);
    const size = Buffer.byteLength(json, 'utf8');
    if (size > CUSTOM_STATUS_LIMIT_BYTES) {
      throw new OrchestrationFailedError(`The custom status is ${size} bytes of JSON; the limit is ${CUSTOM_STATUS_LIMIT_BYTES} bytes (16 KB).`);
    }
    return json;
  }

  private continueAsNew(action: OrchestratorAction, carryOver: HistoryEvent[]): void {
    const { instance, now } = this;
    instance.executionId = newExecutionId();
    instance.input = actionInputJson(action);
    instance.output = null;
    instance.status = 'ContinuedAsNew';
    instance.nextEventId = 0;
    this.resetHistory = true;
    this.append.length = 0;
    // Work of the old execution is dropped as stale when it reports; the new execution starts now.
    this.activities.length = 0;
    this.messages.length = 0;
    this.startInstances.length = 0;
    // The new execution stays in the trace of the old one.
    const started = this.executionStarted();
    this.message(
      historyEvent(EventType.ExecutionStarted, now, {
        Name: instance.name,
        Input: instance.input,
        Version: instance.version ?? '',
        ...(started?.ParentTraceContext ? { ParentTraceContext: started.ParentTraceContext } : {}),
      }),
    );
    // External events the old execution never waited for go to the new one, as in Durable Functions 2.x.
    for (const event of carryOver) this.message({ ...event, IsPlayed: false });
    this.changed = true;
  }

  /** The entities this execution still holds locked: what its lock requests asked for, less what it released. */
  private heldLocks(): string[] {
    const held = new Set<string>();
    for (const e of [...this.history, ...this.append]) {
      if (e.EventType !== EventType.EventSent || !e.Input) continue;
      const request = JSON.parse(e.Input) as EntityRequest;
      if (request.lockset) for (const entity of request.lockset) held.add(entity);
      if (request.release && e.InstanceId) held.delete(e.InstanceId);
    }
    return [...held];
  }

  /** Ends the instance and tells its parent, if it has one. */
  private finish(status: 'Completed' | 'Failed' | 'Terminated', output: string | null, failure?: { reason: string; details: string; failureDetails?: FailureDetails }): void {
    const { instance, now } = this;
    instance.status = status;
    instance.output = output;
    instance.completedAt = now;
    this.finished = true;
    this.changed = true;
    // Locks end with the orchestration, however it ends.
    for (const entityId of this.heldLocks()) {
      const release: EntityRequest = { id: randomUUID(), op: null, signal: true, release: true, parent: instance.instanceId };
      this.message(historyEvent(EventType.EventRaised, now, { Name: 'release', Input: JSON.stringify(release) }), now, entityId, null);
    }
    if (!instance.parentInstanceId || instance.parentTaskId === null) return;
    const event =
      status === 'Completed'
        ? historyEvent(EventType.SubOrchestrationInstanceCompleted, now, { TaskScheduledId: instance.parentTaskId, Result: output })
        : historyEvent(EventType.SubOrchestrationInstanceFailed, now, {
            TaskScheduledId: instance.parentTaskId,
            Reason: failure?.reason ?? `Sub-orchestration '${instance.instanceId}' was terminated.`,
            Details: failure?.details ?? '',
            ...(failure?.failureDetails ? { FailureDetails: failure.failureDetails } : {}),
          });
    this.message(event, now, instance.parentInstanceId, instance.parentExecutionId);
  }
}

export function newExecutionId(): string {
  return randomUUID().replace(/-/g, '');
}

/** A new instance's record, Pending until its first episode. */
export function newInstanceRecord(options: { instanceId: string; name: string; input: string | null; now: number; version?: string | null }): InstanceRecord {
  return {
    instanceId: options.instanceId,
    executionId: newExecutionId(),
    name: options.name,
    version: options.version ?? null,
    status: 'Pending',
    input: options.input,
    output: null,
    customStatus: null,
    createdAt: options.now,
    lastUpdatedAt: options.now,
    completedAt: null,
    parentInstanceId: null,
    parentExecutionId: null,
    parentTaskId: null,
    nextEventId: 0,
  };
}

/**
 * The ExecutionStarted event of a new instance, built by the caller (the store never invents events).
 * It keeps the caller's trace and opens the orchestration's own span in it (a new trace without a caller).
 */
export function executionStartedEvent(instance: InstanceRecord, now: number, caller?: TraceContext): HistoryEvent {
  const own = childSpan(caller);
  return historyEvent(EventType.ExecutionStarted, now, {
    Name: instance.name,
    Input: instance.input,
    Version: instance.version ?? '',
    ParentInstance: instance.parentInstanceId ? { InstanceId: instance.parentInstanceId, TaskScheduleId: instance.parentTaskId ?? -1, Name: '' } : null,
    ParentTraceContext: {
      TraceParent: caller?.traceParent ?? null,
      TraceState: caller?.traceState ?? null,
      Id: own.traceParent,
      SpanId: parseTraceParent(own.traceParent)!.spanId,
    },
  });
}
