import { randomUUID } from 'node:crypto';
import type { HostLogger } from '../../logging/HostLogger';
import type { AppFunctions } from '../../worker/AppFunctions';
import type { FunctionInvoker } from '../../worker/FunctionInvoker';
import { typedDataToJson } from '../../worker/typedData';
import type { Clock } from '../Clock';
import { EventType, type HistoryEvent, type RetryState, historyEvent, isSchedulingEvent } from '../history';
import {
  type EpisodeCommit,
  type InboxMessage,
  type InstanceRecord,
  type NewMessage,
  type OrchestrationWorkItem,
  type StartRequest,
  type Store,
  isTerminal,
} from '../store/Store';
import {
  ActionType,
  type OrchestratorAction,
  type OrchestratorState,
  describeAction,
  findContinueAsNew,
  numberedActions,
  actionInputJson,
  unconsumedEvents,
} from './actions';
import type { EngineParts } from './EngineParts';
import { GroupCommit } from './GroupCommit';
import { retryDelay } from './retryDelay';
import type { EntityRequest } from '../entities/EntityRequest';
import { entitySchedulerId } from '../entities/entityId';

const OUT_OF_PROC_LABEL = '$OutOfProcData$:';
export const CUSTOM_STATUS_LIMIT_BYTES = 16 * 1024;

export interface OrchestrationSettings {
  /** Timers longer than this fire in hops (the SDK's maximumShortTimerDuration). */
  maximumShortTimerMs: number;
  /** The length of one hop of a long timer (the SDK's longRunningTimerIntervalDuration). */
  longTimerIntervalMs: number;
}

export const DEFAULT_ORCHESTRATION_SETTINGS: OrchestrationSettings = {
  maximumShortTimerMs: 6 * 24 * 3600_000,
  longTimerIntervalMs: 3 * 24 * 3600_000,
};

/** What a commit made runnable, so the engine can wake the right dispatchers. */
export interface CommitEffects {
  commit: EpisodeCommit;
  activitiesAdded: boolean;
  messagesVisibleNow: boolean;
  nextTimerAt?: number;
}

function timeSpan(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const rest = new Date(ms % 86_400_000).toISOString().substring(11, 19);
  return `${days}.${rest}`;
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

class OrchestrationFailure extends Error {
  constructor(
    message: string,
    readonly details = '',
  ) {
    super(message);
  }
}

/** One episode's changes, built up and then committed at once. */
class Episode {
  readonly instance: InstanceRecord;
  readonly consumed: number[] = [];
  readonly append: HistoryEvent[] = [];
  readonly activities: EpisodeCommit['activities'] = [];
  readonly messages: NewMessage[] = [];
  readonly cancelledTimerIds: number[] = [];
  readonly startInstances: StartRequest[] = [];
  resetHistory = false;
  finished = false;

  constructor(
    work: OrchestrationWorkItem,
    readonly now: number,
    readonly history: HistoryEvent[],
  ) {
    this.instance = { ...work.instance };
  }

  nextId(): number {
    return this.instance.nextEventId++;
  }

  message(event: HistoryEvent, visibleAt = this.now, instanceId = this.instance.instanceId, executionId: string | null = this.instance.executionId): void {
    this.messages.push({ instanceId, executionId, event, visibleAt });
  }

  toCommit(): EpisodeCommit {
    this.instance.lastUpdatedAt = this.now;
    return {
      instanceId: this.instance.instanceId,
      consumedMessageIds: this.consumed,
      instance: this.instance,
      resetHistory: this.resetHistory,
      appendHistory: this.append,
      activities: this.activities,
      messages: this.messages,
      cancelledTimerIds: this.cancelledTimerIds,
      finished: this.finished,
      startInstances: this.startInstances,
    };
  }
}

/**
 * Runs orchestration episodes: takes an instance's visible messages, replays the orchestrator
 * through the worker contract, turns its actions into history and outgoing work, commits.
 */
export class OrchestrationDispatcher {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly functions: AppFunctions;
  private readonly invoker: FunctionInvoker;
  private readonly logger: HostLogger;

  // The end of every orchestration trigger payload: the same settings each episode.
  private readonly payloadTail: string;
  // Episodes of different instances that finish in the same turn share one transaction.
  private readonly commits: GroupCommit<EpisodeCommit>;

  constructor(
    parts: EngineParts,
    private readonly settings: OrchestrationSettings = DEFAULT_ORCHESTRATION_SETTINGS,
  ) {
    ({ store: this.store, clock: this.clock, functions: this.functions, invoker: this.invoker, logger: this.logger } = parts);
    this.payloadTail =
      `"upperSchemaVersion":1,"upperSchemaVersionNew":3,` +
      `"longRunningTimerIntervalDuration":"${timeSpan(settings.longTimerIntervalMs)}",` +
      `"maximumShortTimerDuration":"${timeSpan(settings.maximumShortTimerMs)}",` +
      `"defaultHttpAsyncRequestSleepTimeMillseconds":30000}`;
    this.commits = new GroupCommit(
      (commits) => this.store.commitEpisodes(commits),
      (commit) => this.store.commitEpisode(commit),
    );
  }

  /** Runs one episode of `instanceId` if it has visible messages; returns what it committed. */
  async runEpisode(instanceId: string): Promise<CommitEffects | undefined> {
    const now = this.clock.now();
    const work = this.store.loadOrchestrationWorkItem(instanceId, now);
    if (!work) return undefined;
    const history = work.history.map((text) => JSON.parse(text) as HistoryEvent);
    const episode = new Episode(work, now, history);
    const scheduled = new Map<number, HistoryEvent>();
    for (const e of history) if (isSchedulingEvent(e.EventType)) scheduled.set(e.EventId, e);

    const live: InboxMessage[] = [];
    for (const m of work.messages) {
      const stale = m.executionId !== null && m.executionId !== episode.instance.executionId;
      if (stale || isTerminal(episode.instance.status)) episode.consumed.push(m.id);
      else live.push(m);
    }
    if (isTerminal(episode.instance.status)) {
      // Late messages for a finished instance are dropped, nothing else changes.
      if (episode.consumed.length) await this.commits.add({ ...episode.toCommit(), instance: work.instance });
      return undefined;
    }

    const terminate = live.find((m) => m.event.EventType === EventType.ExecutionTerminated);
    // Suspend and resume take effect in order: what came before them runs first, what came after waits.
    const control = live.findIndex((m) => m.event.EventType === EventType.ExecutionSuspended || m.event.EventType === EventType.ExecutionResumed);
    if (terminate) {
      episode.consumed.push(...live.map((m) => m.id));
      this.terminate(episode, terminate.event);
    } else if (episode.instance.status === 'Suspended' || control === 0) {
      const next = episode.instance.status === 'Suspended' ? live.find((m) => m.event.EventType === EventType.ExecutionResumed) : live[0];
      if (!next) return undefined;
      episode.consumed.push(next.id);
      this.suspendOrResume(episode, next.event);
    } else {
      const batch = control < 0 ? live : live.slice(0, control);
      const followUp = batch.find((m) => this.isFollowUp(m.event, scheduled, now));
      if (followUp) {
        // Events that make the SDK number a task of its own are taken one per episode, ahead of the
        // rest, so the host can give that task the same number without running the orchestrator.
        episode.consumed.push(followUp.id);
        this.followUp(episode, followUp.event, scheduled);
      } else {
        episode.consumed.push(...batch.map((m) => m.id));
        await this.replay(episode, work, history, batch);
      }
    }
    return this.commit(episode);
  }

  private async commit(episode: Episode): Promise<CommitEffects> {
    const commit = episode.toCommit();
    await this.commits.add(commit);
    let nextTimerAt: number | undefined;
    let messagesVisibleNow = commit.startInstances.length > 0;
    for (const m of commit.messages) {
      if (m.visibleAt <= episode.now) messagesVisibleNow = true;
      else if (nextTimerAt === undefined || m.visibleAt < nextTimerAt) nextTimerAt = m.visibleAt;
    }
    return { commit, activitiesAdded: commit.activities.length > 0, messagesVisibleNow, nextTimerAt };
  }

  private isFollowUp(event: HistoryEvent, scheduled: Map<number, HistoryEvent>, now: number): boolean {
    if (event.EventType === EventType.TaskFailed || event.EventType === EventType.SubOrchestrationInstanceFailed) {
      return scheduled.get(event.TaskScheduledId ?? -1)?.Host?.retry !== undefined;
    }
    if (event.EventType === EventType.TimerFired) {
      const host = scheduled.get(event.TimerId ?? -1)?.Host;
      if (host?.retry) return host.retry.attempt < host.retry.options.maxNumberOfAttempts;
      if (host?.longTimer) return host.longTimer.finalFireAt > now;
    }
    return false;
  }

  private terminate(episode: Episode, event: HistoryEvent): void {
    const reason = event.Input ? (JSON.parse(event.Input) as unknown) : '';
    episode.append.push(
      historyEvent(EventType.OrchestratorStarted, episode.now),
      { ...event, Timestamp: new Date(episode.now).toISOString() },
      historyEvent(EventType.OrchestratorCompleted, episode.now),
    );
    this.finish(episode, 'Terminated', jsonOrNull(reason));
  }

  private suspendOrResume(episode: Episode, event: HistoryEvent): void {
    const suspend = event.EventType === EventType.ExecutionSuspended;
    const { instance, now } = episode;
    if (suspend === (instance.status === 'Suspended')) return;
    episode.append.push(
      historyEvent(EventType.OrchestratorStarted, now),
      { ...event, Timestamp: new Date(now).toISOString() },
      historyEvent(EventType.OrchestratorCompleted, now),
    );
    instance.status = suspend ? 'Suspended' : 'Running';
  }

  /** A retry or long-timer step: the host schedules the next timer or attempt itself. */
  private followUp(episode: Episode, event: HistoryEvent, scheduled: Map<number, HistoryEvent>): void {
    const { now } = episode;
    episode.append.push(historyEvent(EventType.OrchestratorStarted, now), this.withoutHost(event));
    const id = episode.nextId();
    if (event.EventType === EventType.TimerFired) {
      const host = scheduled.get(event.TimerId ?? -1)!.Host!;
      if (host.retry) {
        this.scheduleAttempt(episode, id, { ...host.retry, attempt: host.retry.attempt + 1 });
      } else if (host.longTimer) {
        const remaining = host.longTimer.finalFireAt - now;
        const fireAt = remaining > this.settings.maximumShortTimerMs ? now + this.settings.longTimerIntervalMs : host.longTimer.finalFireAt;
        this.scheduleTimer(episode, id, fireAt, { longTimer: host.longTimer, followUp: true });
      }
    } else {
      const retry = scheduled.get(event.TaskScheduledId ?? -1)!.Host!.retry!;
      const lastFailure = { reason: event.Reason ?? '', details: event.Details ?? '' };
      const delay = retryDelay(retry, now);
      // Past the retry timeout the remaining attempts fail at once, as the SDK still counts them.
      const next: RetryState = { ...retry, lastFailure, timedOut: delay === undefined };
      this.scheduleTimer(episode, id, now + (delay ?? 0), { retry: next, followUp: true });
    }
    episode.append.push(historyEvent(EventType.OrchestratorCompleted, now));
  }

  private scheduleTimer(episode: Episode, id: number, fireAt: number, host: HistoryEvent['Host'], cancelled = false): void {
    const FireAt = new Date(fireAt).toISOString();
    episode.append.push({ ...historyEvent(EventType.TimerCreated, episode.now, { FireAt, Host: host }), EventId: id });
    if (!cancelled) episode.message(historyEvent(EventType.TimerFired, fireAt, { TimerId: id, FireAt }), fireAt);
  }

  /** Schedules attempt `retry.attempt` of a retried activity or sub-orchestration as task `id`. */
  private scheduleAttempt(episode: Episode, id: number, retry: RetryState): void {
    const host = { retry, followUp: retry.attempt > 1 };
    if (retry.timedOut) {
      const failure = retry.lastFailure ?? { reason: 'Retry timeout expired', details: '' };
      const scheduledType = retry.kind === 'activity' ? EventType.TaskScheduled : EventType.SubOrchestrationInstanceCreated;
      const failedType = retry.kind === 'activity' ? EventType.TaskFailed : EventType.SubOrchestrationInstanceFailed;
      episode.append.push({ ...historyEvent(scheduledType, episode.now, { Name: retry.name, Input: retry.input, Host: host }), EventId: id });
      episode.message(
        historyEvent(failedType, episode.now, { TaskScheduledId: id, Reason: `Retry timeout expired. ${failure.reason}`, Details: failure.details }),
      );
      return;
    }
    if (retry.kind === 'activity') this.scheduleActivity(episode, id, retry.name, retry.input, host);
    else this.scheduleSubOrchestration(episode, id, retry.name, retry.input, retry.instanceId!, host);
  }

  private scheduleActivity(episode: Episode, id: number, name: string, input: string | null, host?: HistoryEvent['Host']): void {
    const { instance, now } = episode;
    episode.append.push({ ...historyEvent(EventType.TaskScheduled, now, { Name: name, Input: input, Host: host }), EventId: id });
    episode.activities.push({ instanceId: instance.instanceId, executionId: instance.executionId, taskId: id, name, input, visibleAt: now });
  }

  private scheduleSubOrchestration(episode: Episode, id: number, name: string, input: string | null, childId: string, host?: HistoryEvent['Host']): void {
    const { instance, now } = episode;
    episode.append.push({
      ...historyEvent(EventType.SubOrchestrationInstanceCreated, now, { Name: name, InstanceId: childId, Input: input, Host: host }),
      EventId: id,
    });
    const fail = (reason: string) =>
      episode.message(historyEvent(EventType.SubOrchestrationInstanceFailed, now, { TaskScheduledId: id, Reason: reason, Details: '' }));
    if (!this.functions.withTrigger(name, 'orchestrationTrigger')) {
      fail(`The orchestrator function '${name}' doesn't exist.`);
      return;
    }
    const existing = this.store.getInstance(childId);
    if ((existing && !isTerminal(existing.status)) || episode.startInstances.some((s) => s.instanceId === childId)) {
      fail(`An instance with ID '${childId}' already exists and is ${existing?.status ?? 'Pending'}.`);
      return;
    }
    episode.startInstances.push({
      instanceId: childId,
      name,
      input,
      parentInstanceId: instance.instanceId,
      parentExecutionId: instance.executionId,
      parentTaskId: id,
    });
  }

  private async replay(episode: Episode, work: OrchestrationWorkItem, history: HistoryEvent[], messages: InboxMessage[]): Promise<void> {
    const { instance, now } = episode;
    const newEvents: HistoryEvent[] = [];
    let started = history.some((e) => e.EventType === EventType.ExecutionStarted);
    for (const m of messages) {
      if (m.event.EventType === EventType.ExecutionStarted) {
        if (started) continue;
        started = true;
        instance.status = 'Running';
      }
      newEvents.push({ ...this.withoutHost(m.event), IsPlayed: false });
    }
    if (!started) return;
    const orchestratorStarted = historyEvent(EventType.OrchestratorStarted, now);
    episode.append.push(orchestratorStarted, ...newEvents);

    const mark = episode.append.length;
    let state: OrchestratorState;
    try {
      state = await this.invokeOrchestrator(instance, work.history, [orchestratorStarted, ...newEvents], history.length > 0);
      this.applyActions(episode, state, history);
      if (state.customStatus !== undefined) instance.customStatus = this.customStatusJson(state.customStatus);
    } catch (error) {
      // Nothing the failed episode scheduled is kept.
      episode.append.length = mark;
      const failure = error instanceof OrchestrationFailure ? error : new OrchestrationFailure(String((error as Error)?.message ?? error));
      this.fail(episode, failure);
      return;
    }

    const continueAsNew = findContinueAsNew(state);
    if (state.isDone && continueAsNew) {
      this.continueAsNew(episode, continueAsNew, unconsumedEvents(state, [...history, ...newEvents]));
    } else if (state.isDone) {
      const output = jsonOrNull(state.output);
      episode.append.push(historyEvent(EventType.ExecutionCompleted, now, { OrchestrationStatus: 'Completed', Result: output }));
      episode.append.push(historyEvent(EventType.OrchestratorCompleted, now));
      this.finish(episode, 'Completed', output);
    } else {
      episode.append.push(historyEvent(EventType.OrchestratorCompleted, now));
    }
  }

  private customStatusJson(value: unknown): string {
    const json = JSON.stringify(value);
    const size = Buffer.byteLength(json, 'utf8');
    if (size > CUSTOM_STATUS_LIMIT_BYTES) {
      throw new OrchestrationFailure(`The custom status is ${size} bytes of JSON; the limit is ${CUSTOM_STATUS_LIMIT_BYTES} bytes (16 KB).`);
    }
    return json;
  }

  private async invokeOrchestrator(instance: InstanceRecord, stored: string[], newEvents: HistoryEvent[], isReplaying: boolean): Promise<OrchestratorState> {
    const fn = this.functions.withTrigger(instance.name, 'orchestrationTrigger');
    if (!fn) throw new OrchestrationFailure(`The orchestrator function '${instance.name}' doesn't exist.`);
    const events = stored.length ? stored.join(',') + ',' : '';
    const payload =
      `{"history":[${events}${newEvents.map((e) => JSON.stringify(e)).join(',')}],` +
      `"input":${instance.input ?? 'null'},"instanceId":${JSON.stringify(instance.instanceId)},` +
      `"isReplaying":${isReplaying},"parentInstanceId":${JSON.stringify(instance.parentInstanceId ?? '')},` +
      this.payloadTail;
    try {
      const response = await this.invoker.invoke(fn, { inputData: [{ name: fn.triggerName, data: { json: payload } }] });
      const json = typedDataToJson(response.returnValue);
      if (!json) throw new OrchestrationFailure(`The orchestrator function '${instance.name}' returned no state.`);
      return JSON.parse(json) as OrchestratorState;
    } catch (error) {
      if (error instanceof OrchestrationFailure) throw error;
      const message = String((error as Error)?.message ?? error);
      const at = message.indexOf(OUT_OF_PROC_LABEL);
      if (at < 0) throw new OrchestrationFailure(message, (error as Error)?.stack ?? '');
      // The SDK's own text before the label is not the user's error; the state after it carries that.
      let state: OrchestratorState & { failureDetails?: { StackTrace?: string } };
      try {
        state = JSON.parse(message.substring(at + OUT_OF_PROC_LABEL.length));
      } catch {
        throw new OrchestrationFailure(message.substring(0, at).trimEnd());
      }
      throw new OrchestrationFailure(state.error ?? message.substring(0, at).trimEnd(), state.failureDetails?.StackTrace ?? '');
    }
  }

  /** Matches the actions against the history (non-determinism check) and schedules the new ones. */
  private applyActions(episode: Episode, state: OrchestratorState, history: HistoryEvent[]): void {
    const actions = numberedActions(state);
    const recorded = history.filter((e) => isSchedulingEvent(e.EventType) && !e.Host?.followUp);
    for (let i = 0; i < actions.length; i++) {
      const action = actions[i];
      if (i < recorded.length) {
        const event = recorded[i];
        if (!this.matches(action, event)) {
          throw new OrchestrationFailure(
            `Non-deterministic workflow detected: at position ${i} the history has ${this.describeEvent(event)}, ` +
              `but the orchestrator now schedules ${describeAction(action)}. An orchestrator must make the same calls, in the same order, on every replay.`,
          );
        }
        if (action.actionType === ActionType.CreateTimer && action.isCanceled) this.cancelTimer(episode, event.EventId, history);
      } else {
        this.schedule(episode, action);
      }
    }
    if (actions.length < recorded.length) {
      const missing = recorded[actions.length];
      throw new OrchestrationFailure(
        `Non-deterministic workflow detected: at position ${actions.length} the history has ${this.describeEvent(missing)}, ` +
          `but the orchestrator no longer schedules it. An orchestrator must make the same calls, in the same order, on every replay.`,
      );
    }
  }

  private cancelTimer(episode: Episode, timerId: number, history: HistoryEvent[]): void {
    episode.cancelledTimerIds.push(timerId);
    for (const e of history) {
      if (e.EventType === EventType.TimerCreated && e.Host?.longTimer?.firstEventId === timerId) episode.cancelledTimerIds.push(e.EventId);
    }
  }

  private matches(action: OrchestratorAction, event: HistoryEvent): boolean {
    const sameName = (a?: string, b?: string) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
    switch (action.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry:
        return event.EventType === EventType.TaskScheduled && sameName(action.functionName, event.Name);
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry:
        return event.EventType === EventType.SubOrchestrationInstanceCreated && sameName(action.functionName, event.Name);
      case ActionType.CreateTimer:
        return event.EventType === EventType.TimerCreated;
      default:
        return event.EventType === EventType.EventSent;
    }
  }

  private describeEvent(event: HistoryEvent): string {
    const kind = EventType[event.EventType];
    return event.Name ? `${kind} '${event.Name}'` : kind;
  }

  private schedule(episode: Episode, action: OrchestratorAction): void {
    const { instance, now } = episode;
    const input = actionInputJson(action);
    switch (action.actionType) {
      case ActionType.CallActivity:
        this.scheduleActivity(episode, episode.nextId(), action.functionName!, input);
        return;
      case ActionType.CallActivityWithRetry:
      case ActionType.CallSubOrchestratorWithRetry: {
        const id = episode.nextId();
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
        };
        this.scheduleAttempt(episode, id, retry);
        return;
      }
      case ActionType.CallSubOrchestrator: {
        const id = episode.nextId();
        this.scheduleSubOrchestration(episode, id, action.functionName!, input, action.instanceId || `${instance.instanceId}:${id}`);
        return;
      }
      case ActionType.CreateTimer: {
        const id = episode.nextId();
        const fireAt = Date.parse(action.fireAt!);
        if (fireAt - now > this.settings.maximumShortTimerMs) {
          const longTimer = { firstEventId: id, finalFireAt: fireAt };
          this.scheduleTimer(episode, id, now + this.settings.longTimerIntervalMs, { longTimer }, action.isCanceled);
        } else {
          this.scheduleTimer(episode, id, fireAt, undefined, action.isCanceled);
        }
        return;
      }
      case ActionType.CallEntity:
      case ActionType.SignalEntity:
        this.sendToEntity(episode, episode.nextId(), 'op', action.instanceId!, {
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
        this.sendToEntity(episode, episode.nextId(), 'op', lockset[0], {
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
        this.sendToEntity(episode, episode.nextId(), 'release', target, { id: randomUUID(), op: null, signal: true, release: true, parent: instance.instanceId });
        return;
      }
      default:
        throw new OrchestrationFailure(`${describeAction(action)} is not supported by this host.`);
    }
  }

  private sendToEntity(episode: Episode, id: number, name: 'op' | 'release', entityId: string, request: EntityRequest): void {
    const Input = JSON.stringify(request);
    episode.append.push({ ...historyEvent(EventType.EventSent, episode.now, { Name: name, InstanceId: entityId, Input }), EventId: id });
    episode.message(historyEvent(EventType.EventRaised, episode.now, { Name: name, Input }), episode.now, entityId, null);
  }

  /** The entities this execution still holds locked: what its lock requests asked for, less what it released. */
  private heldLocks(events: HistoryEvent[]): string[] {
    const held = new Set<string>();
    for (const e of events) {
      if (e.EventType !== EventType.EventSent || !e.Input) continue;
      const request = JSON.parse(e.Input) as EntityRequest;
      if (request.lockset) for (const entity of request.lockset) held.add(entity);
      if (request.release && e.InstanceId) held.delete(e.InstanceId);
    }
    return [...held];
  }

  private continueAsNew(episode: Episode, action: OrchestratorAction, carryOver: HistoryEvent[]): void {
    const { instance, now } = episode;
    instance.executionId = randomUUID().replace(/-/g, '');
    instance.input = actionInputJson(action);
    instance.output = null;
    instance.status = 'ContinuedAsNew';
    instance.nextEventId = 0;
    episode.resetHistory = true;
    episode.append.length = 0;
    // Work of the old execution is dropped as stale when it reports; the new execution starts now.
    episode.activities.length = 0;
    episode.messages.length = 0;
    episode.startInstances.length = 0;
    episode.message(historyEvent(EventType.ExecutionStarted, now, { Name: instance.name, Input: instance.input, Version: instance.version ?? '' }));
    // External events the old execution never waited for go to the new one, as in Durable Functions 2.x.
    for (const event of carryOver) episode.message({ ...event, IsPlayed: false });
  }

  private fail(episode: Episode, failure: OrchestrationFailure): void {
    const { instance, now } = episode;
    const message = `Orchestrator function '${instance.name}' failed: ${failure.message}`;
    this.logger.error(`Function.${instance.name}`, `${message} (instance ${instance.instanceId})`);
    const output = JSON.stringify(message);
    episode.activities.length = 0;
    episode.messages.length = 0;
    episode.startInstances.length = 0;
    episode.cancelledTimerIds.length = 0;
    episode.append.push(
      historyEvent(EventType.ExecutionCompleted, now, { OrchestrationStatus: 'Failed', Result: output, Details: failure.details }),
      historyEvent(EventType.OrchestratorCompleted, now),
    );
    this.finish(episode, 'Failed', output, { reason: message, details: failure.details });
  }

  /** Ends the instance and tells its parent, if it has one. */
  private finish(episode: Episode, status: 'Completed' | 'Failed' | 'Terminated', output: string | null, failure?: { reason: string; details: string }): void {
    const { instance, now } = episode;
    instance.status = status;
    instance.output = output;
    instance.completedAt = now;
    episode.finished = true;
    // Locks end with the orchestration, however it ends.
    for (const entityId of this.heldLocks([...episode.history, ...episode.append])) {
      const release: EntityRequest = { id: randomUUID(), op: null, signal: true, release: true, parent: instance.instanceId };
      episode.message(historyEvent(EventType.EventRaised, now, { Name: 'release', Input: JSON.stringify(release) }), now, entityId, null);
    }
    if (!instance.parentInstanceId || instance.parentTaskId === null) return;
    const event =
      status === 'Completed'
        ? historyEvent(EventType.SubOrchestrationInstanceCompleted, now, { TaskScheduledId: instance.parentTaskId, Result: output })
        : historyEvent(EventType.SubOrchestrationInstanceFailed, now, {
            TaskScheduledId: instance.parentTaskId,
            Reason: failure?.reason ?? `Sub-orchestration '${instance.instanceId}' was terminated.`,
            Details: failure?.details ?? '',
          });
    episode.message(event, now, instance.parentInstanceId, instance.parentExecutionId);
  }

  private withoutHost(event: HistoryEvent): HistoryEvent {
    if (!event.Host) return event;
    const copy = { ...event };
    delete copy.Host;
    return copy;
  }
}
