import type { HostLogger } from '../../logging/HostLogger';
import type { AppFunctions } from '../../worker/AppFunctions';
import type { FunctionInvoker } from '../../worker/FunctionInvoker';
import type { Clock } from '../Clock';
import { ClientError } from '../errors';
import { EventType, type HistoryEvent, historyEvent } from '../history';
import {
  type ActivityWorkItem,
  type EntityPage,
  type EntityQuery,
  type EntityRecord,
  InstanceConflictError,
  type InstancePage,
  type InstanceQuery,
  type InstanceRecord,
  type PurgeFilter,
  type Store,
  isTerminal,
} from '../store/Store';
import { ActivityDispatcher } from './ActivityDispatcher';
import { type CommitEffects, DEFAULT_ORCHESTRATION_SETTINGS, OrchestrationDispatcher, type OrchestrationSettings } from './OrchestrationDispatcher';
import type { EngineParts } from './EngineParts';
import { WorkPump } from './WorkPump';
import { randomUUID } from 'node:crypto';
import { EntityDispatcher } from '../entities/EntityDispatcher';
import type { EntityRequest } from '../entities/EntityRequest';
import { entitySchedulerId, isEntitySchedulerId } from '../entities/entityId';
import { planRewind } from './rewind';
import { validateEntityKey, validateInstanceId } from '../model/instanceId';

export interface EngineOptions extends EngineParts {
  maxConcurrentOrchestrations?: number;
  maxConcurrentActivities?: number;
  /** How long an activity may run before another dispatcher may take it again. */
  activityLeaseMs?: number;
  maxEntityOperationBatchSize?: number;
  orchestration?: OrchestrationSettings;
}

type Waiter = (instance: InstanceRecord) => void;

/** The durable engine: dispatchers, wake-ups and the client operations, over one store. */
export class DurableEngine {
  readonly store: Store;
  readonly clock: Clock;
  readonly functions: AppFunctions;
  private readonly logger: HostLogger;
  private readonly orchestrations: OrchestrationDispatcher;
  private readonly activities: ActivityDispatcher;
  private readonly entities: EntityDispatcher;
  private readonly orchestrationPump: WorkPump<string>;
  private readonly activityPump: WorkPump<ActivityWorkItem>;
  private readonly locked = new Set<string>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private timerAt?: number;
  private cancelTimer?: () => void;
  private running = false;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.functions = options.functions;
    this.logger = options.logger;
    const leaseMs = options.activityLeaseMs ?? 5 * 60_000;
    this.orchestrations = new OrchestrationDispatcher(options, options.orchestration ?? DEFAULT_ORCHESTRATION_SETTINGS);
    this.activities = new ActivityDispatcher(options);
    this.entities = new EntityDispatcher(options, options.maxEntityOperationBatchSize ?? 50);
    const onError = (error: unknown) => this.logger.error('Host.Durable', `Dispatcher error: ${(error as Error)?.stack ?? error}`);
    this.orchestrationPump = new WorkPump<string>(
      options.maxConcurrentOrchestrations ?? 10,
      (limit) => {
        const ids = this.store.readyOrchestrations(this.clock.now(), limit, this.locked);
        for (const id of ids) this.locked.add(id);
        return ids;
      },
      (id) => this.runEpisode(id),
      onError,
    );
    this.activityPump = new WorkPump(
      options.maxConcurrentActivities ?? 10,
      (limit) => this.store.leaseActivities(this.clock.now(), limit, leaseMs),
      async (item) => {
        await this.activities.run(item);
        this.orchestrationPump.wake();
      },
      onError,
    );
  }

  start(): void {
    this.running = true;
    this.store.releaseLeases(this.clock.now());
    this.orchestrationPump.wake();
    this.activityPump.wake();
    this.armTimer();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await Promise.all([this.orchestrationPump.stop(), this.activityPump.stop()]);
  }

  /** Resolves when no work is in flight and none is visible now (timers may still be pending). */
  async whenIdle(): Promise<void> {
    for (;;) {
      await Promise.all([this.orchestrationPump.whenIdle(), this.activityPump.whenIdle()]);
      if (!this.store.hasVisibleWork(this.clock.now()) && !this.orchestrationPump.busy && !this.activityPump.busy) return;
      this.orchestrationPump.wake();
      this.activityPump.wake();
    }
  }

  /** The next time something becomes visible (a timer, a retry, a lease expiry). */
  nextWakeAt(): number | undefined {
    return this.store.nextWakeAt(this.clock.now());
  }

  // ---- client operations -------------------------------------------------------------------

  startNew(name: string, input: string | null, instanceId: string): InstanceRecord {
    validateInstanceId(instanceId);
    const fn = this.functions.withTrigger(name, 'orchestrationTrigger');
    if (!fn) throw new ClientError(400, `'${name}' is not a valid orchestrator function name.`);
    try {
      const record = this.store.createInstance({ instanceId, name: fn.name, input }, this.clock.now());
      this.notify(record);
      this.orchestrationPump.wake();
      return record;
    } catch (error) {
      if (error instanceof InstanceConflictError) throw new ClientError(409, error.message);
      throw error;
    }
  }

  raiseEvent(instanceId: string, eventName: string, input: string | null): void {
    const instance = this.requireActive(instanceId);
    this.send(instance, historyEvent(EventType.EventRaised, this.clock.now(), { Name: eventName, Input: input }));
  }

  terminate(instanceId: string, reason: string | undefined): void {
    const instance = this.requireActive(instanceId);
    this.send(instance, historyEvent(EventType.ExecutionTerminated, this.clock.now(), { Input: JSON.stringify(reason ?? '') }));
  }

  suspend(instanceId: string, reason: string | undefined): void {
    const instance = this.requireActive(instanceId);
    this.send(instance, historyEvent(EventType.ExecutionSuspended, this.clock.now(), { Input: JSON.stringify(reason ?? '') }));
  }

  resume(instanceId: string, reason: string | undefined): void {
    const instance = this.requireActive(instanceId);
    this.send(instance, historyEvent(EventType.ExecutionResumed, this.clock.now(), { Input: JSON.stringify(reason ?? '') }));
  }

  /** Starts the instance's orchestration again with its input, under a new id or (when finished) the same one. */
  restart(instanceId: string, newInstanceId: string | undefined): InstanceRecord {
    const instance = this.store.getInstance(instanceId);
    if (!instance) throw new ClientError(404, `No instance with ID '${instanceId}' was found.`);
    return this.startNew(instance.name, instance.input, newInstanceId ?? instanceId);
  }

  /** Takes a failed instance back to before its failure and runs the failed work again. */
  async rewind(instanceId: string, reason: string | undefined): Promise<void> {
    const instance = this.store.getInstance(instanceId);
    if (!instance) throw new ClientError(404, `No instance with ID '${instanceId}' was found.`);
    if (instance.status !== 'Failed') throw new ClientError(410, `Only a failed instance can be rewound; '${instanceId}' is ${instance.status}.`);
    // A late message may be in an episode for this instance; it must not write over the rewind.
    while (this.locked.has(instanceId)) await new Promise((resolve) => setImmediate(resolve));
    this.locked.add(instanceId);
    let children: string[];
    try {
      const now = this.clock.now();
      const plan = planRewind(instance, this.store.readHistory(instanceId), now, reason ?? '');
      const nudge = plan.activities.length === 0 && plan.children.length === 0;
      this.store.commitEpisode({
        instanceId,
        consumedMessageIds: [],
        instance: { ...instance, status: 'Running', output: null, completedAt: null, lastUpdatedAt: now, nextEventId: plan.nextEventId },
        resetHistory: true,
        appendHistory: plan.history,
        activities: plan.activities,
        // With nothing to run again, one more replay is what rewinding means.
        messages: nudge ? [{ instanceId, executionId: instance.executionId, event: historyEvent(EventType.GenericEvent, now, { Name: 'Rewind' }), visibleAt: now }] : [],
        cancelledTimerIds: [],
        finished: false,
        startInstances: [],
      });
      children = plan.children;
    } finally {
      this.locked.delete(instanceId);
    }
    for (const child of children) {
      const record = this.store.getInstance(child);
      if (record?.status === 'Failed') await this.rewind(child, reason);
    }
    this.activityPump.wake();
    this.orchestrationPump.wake();
  }

  /** Sends an operation to an entity without waiting for it (a signal). */
  signalEntity(name: string, key: string, operation: string, input: string | null): void {
    if (!this.functions.withTrigger(name, 'entityTrigger')) throw new ClientError(400, `'${name}' is not an entity function of this app.`);
    validateEntityKey(key);
    if (!operation) throw new ClientError(400, 'An operation name is required (the op query parameter).');
    const entityId = entitySchedulerId(name, key);
    const request: EntityRequest = { id: randomUUID(), op: operation, signal: true, input: input ?? undefined, parent: null };
    const now = this.clock.now();
    this.store.enqueueMessages([{ instanceId: entityId, executionId: null, event: historyEvent(EventType.EventRaised, now, { Name: 'op', Input: JSON.stringify(request) }), visibleAt: now }]);
    this.orchestrationPump.wake();
  }

  getEntity(name: string, key: string): EntityRecord | undefined {
    const record = this.store.getEntity(entitySchedulerId(name, key));
    return record?.exists ? record : undefined;
  }

  queryEntities(query: EntityQuery): EntityPage {
    return this.store.queryEntities(query);
  }

  getInstance(instanceId: string): InstanceRecord | undefined {
    return this.store.getInstance(instanceId);
  }

  getHistory(instanceId: string): HistoryEvent[] {
    return this.store.readHistory(instanceId);
  }

  query(query: InstanceQuery): InstancePage {
    return this.store.queryInstances(query);
  }

  purge(instanceId: string): number {
    return this.store.purgeInstance(instanceId);
  }

  purgeWhere(filter: PurgeFilter): number {
    return this.store.purgeInstances(filter);
  }

  /** Resolves with the instance once `done(instance)` holds, or undefined after `timeoutMs` of real time. */
  waitFor(instanceId: string, done: (instance: InstanceRecord) => boolean, timeoutMs: number): Promise<InstanceRecord | undefined> {
    const current = this.store.getInstance(instanceId);
    if (current && done(current)) return Promise.resolve(current);
    return new Promise((resolve) => {
      let set = this.waiters.get(instanceId);
      if (!set) this.waiters.set(instanceId, (set = new Set()));
      const waiters = set;
      const finish = (result: InstanceRecord | undefined) => {
        clearTimeout(timer);
        waiters.delete(waiter);
        if (!waiters.size) this.waiters.delete(instanceId);
        resolve(result);
      };
      const waiter: Waiter = (instance) => {
        if (done(instance)) finish(instance);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      waiters.add(waiter);
    });
  }

  waitForCompletion(instanceId: string, timeoutMs: number): Promise<InstanceRecord | undefined> {
    return this.waitFor(instanceId, (i) => isTerminal(i.status), timeoutMs);
  }

  // ---- internals ---------------------------------------------------------------------------

  private requireActive(instanceId: string): InstanceRecord {
    const instance = this.store.getInstance(instanceId);
    if (!instance) throw new ClientError(404, `No instance with ID '${instanceId}' was found.`);
    if (isTerminal(instance.status)) {
      throw new ClientError(410, `The instance '${instanceId}' is ${instance.status} and can no longer take this operation.`);
    }
    return instance;
  }

  private send(instance: InstanceRecord, event: HistoryEvent): void {
    this.store.enqueueMessages([{ instanceId: instance.instanceId, executionId: null, event, visibleAt: this.clock.now() }]);
    this.orchestrationPump.wake();
  }

  private async runEpisode(instanceId: string): Promise<void> {
    try {
      if (isEntitySchedulerId(instanceId)) {
        const effects = await this.entities.run(instanceId);
        if (effects.messagesSent) this.orchestrationPump.wake();
        return;
      }
      const effects = await this.orchestrations.runEpisode(instanceId);
      if (effects) this.afterCommit(effects);
    } finally {
      this.locked.delete(instanceId);
    }
  }

  private afterCommit(effects: CommitEffects): void {
    if (effects.activitiesAdded) this.activityPump.wake();
    if (effects.messagesVisibleNow) this.orchestrationPump.wake();
    if (effects.nextTimerAt !== undefined) this.armTimer(effects.nextTimerAt);
    this.notify(effects.commit.instance);
    for (const start of effects.commit.startInstances) {
      const child = this.store.getInstance(start.instanceId);
      if (child) this.notify(child);
    }
  }

  private notify(instance: InstanceRecord): void {
    const set = this.waiters.get(instance.instanceId);
    if (set) for (const waiter of [...set]) waiter(instance);
  }

  /** Keeps one clock timer armed at the earliest time something becomes visible. */
  private armTimer(candidate?: number): void {
    if (!this.running) return;
    const at = candidate ?? this.store.nextWakeAt(this.clock.now());
    if (at === undefined || (this.timerAt !== undefined && this.timerAt <= at)) return;
    this.cancelTimer?.();
    this.timerAt = at;
    this.cancelTimer = this.clock.at(at, () => {
      this.timerAt = undefined;
      this.cancelTimer = undefined;
      this.orchestrationPump.wake();
      this.activityPump.wake();
      this.armTimer();
    });
  }
}
