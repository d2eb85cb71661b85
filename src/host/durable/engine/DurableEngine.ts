import { randomUUID } from 'node:crypto';
import type { HostLogger } from '../../logging/HostLogger';
import type { AppFunctions } from '../../worker/AppFunctions';
import type { Clock } from '../../clock/Clock';
import type { EntityRequest } from '../model/EntityRequest';
import { entitySchedulerId } from '../model/entityId';
import { InstanceNotFoundError, InvalidRequestError, StoreLostError } from '../model/errors';
import { EventType, type HistoryEvent, historyEvent } from '../model/history';
import { ACTIVE_STATUSES, type InstanceRecord, type RuntimeStatus, isTerminal } from '../model/instance';
import { validateEntityKey, validateInstanceId } from '../model/instanceId';
import type { TraceContext } from '../../tracing/traceContext';
import { unknownFunctionMessage } from '../runtime/unknownFunction';
import { DEFAULT_VERSIONING, type VersioningSettings } from '../runtime/versioning';
import {
  DEFAULT_ORCHESTRATION_SETTINGS,
  type OrchestrationSettings,
  REWIND_REQUEST,
  executionStartedEvent,
  newInstanceRecord,
} from '../runtime/OrchestrationRuntimeState';
import type {
  ActivityWorkItem,
  EntityPage,
  EntityQuery,
  EntityRecord,
  EntityWorkItem,
  InstancePage,
  InstanceQuery,
  OrchestrationWorkItem,
  PurgeFilter,
  Store,
} from '../store/Store';
import { ActivityProcessor } from './ActivityProcessor';
import { DurableFunctions } from './DurableFunctions';
import { LifecycleLog, type TracingSettings } from './LifecycleLog';
import type { EngineParts, WorkEffects } from './EngineParts';
import { EntityProcessor } from './EntityProcessor';
import { OrchestrationProcessor } from './OrchestrationProcessor';
import { StoreHealth } from './StoreHealth';
import { WorkPump } from './WorkPump';
import { GroupCommit } from './GroupCommit';
import { InFlight } from '../../lifecycle/InFlight';

export { validateInstanceId } from '../model/instanceId';

export interface EngineOptions extends Omit<EngineParts, 'health' | 'catalog' | 'versioning' | 'lifecycle'> {
  /** The task hub's name, for the lifecycle lines. */
  hubName?: string;
  /** host.json extensions.durableTask.tracing. */
  tracing?: TracingSettings;
  /** Whether AzureWebJobs.<name>.Disabled turns a function off; read once at start. */
  isFunctionDisabled?: (name: string) => boolean;
  /** host.json defaultVersion, versionMatchStrategy, versionFailureStrategy. */
  versioning?: VersioningSettings;
  /** host.json overridableExistingInstanceStates: whether a start may replace an instance that is still running. */
  overridableExistingInstanceStates?: 'NonRunningStates' | 'AnyState';
  maxConcurrentOrchestrations?: number;
  maxConcurrentActivities?: number;
  maxConcurrentEntities?: number;
  /** How long an activity may run before another dispatch may take it again. */
  activityLeaseMs?: number;
  maxEntityOperationBatchSize?: number;
  orchestration?: OrchestrationSettings;
  /** The most history and message text orchestration episodes may hold at once; more waits. */
  episodeBudgetBytes?: number;
  /** The most (expected) input and result text activities may hold at once; more waits. */
  activityBudgetBytes?: number;
  /** Called once when the store is lost (deleted, replaced, damaged): the host must stop. */
  onStoreLost?: (error: StoreLostError) => void;
}

// Each episode holds its text several times over (parsed, the new events, the payload, the worker's copy).
const DEFAULT_EPISODE_BUDGET_BYTES = 48 * 1024 * 1024;
const DEFAULT_ACTIVITY_BUDGET_BYTES = 64 * 1024 * 1024;
// The extension's IsOrchestrationSuspendable.
const SUSPENDABLE: readonly RuntimeStatus[] = ['Pending', 'Running', 'ContinuedAsNew'];

type Waiter = (instance: InstanceRecord) => void;

/** The durable engine: processors, pumps and wake-ups over one store, and the client operations. */
export class DurableEngine {
  readonly store: Store;
  readonly clock: Clock;
  readonly functions: AppFunctions;
  readonly health: StoreHealth;
  readonly catalog: DurableFunctions;
  private readonly lifecycle: LifecycleLog;
  private readonly versioning: VersioningSettings;
  private readonly logger: HostLogger;
  private readonly orchestrations: OrchestrationProcessor;
  private readonly activities: ActivityProcessor;
  private readonly entities: EntityProcessor;
  private readonly orchestrationPump: WorkPump<OrchestrationWorkItem>;
  private readonly entityPump: WorkPump<EntityWorkItem>;
  private readonly activityPump: WorkPump<ActivityWorkItem>;
  private readonly waiters = new Map<string, Set<Waiter>>();
  // Client writes not committed yet (signals wait for their group commit): whenIdle waits for them too.
  private readonly pendingWrites = new InFlight();
  // Signals that arrive in the same turn (many clients, or a loop) share one transaction.
  private readonly signals = new GroupCommit<{ entityId: string; event: HistoryEvent; now: number }, void>((items) => this.store.addEntityMessages(items));
  private readonly leaseMs: number;
  private timerAt?: number;
  private cancelTimer?: () => void;
  private running = false;
  private lost = false;

  constructor(private readonly options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.functions = options.functions;
    this.logger = options.logger;
    this.health = new StoreHealth(options.logger);
    this.catalog = new DurableFunctions(options.functions, options.isFunctionDisabled);
    this.versioning = options.versioning ?? DEFAULT_VERSIONING;
    this.lifecycle = new LifecycleLog(options.logger, options.hubName ?? 'TestHubName', options.tracing);
    const parts: EngineParts = { ...options, health: this.health, catalog: this.catalog, versioning: this.versioning, lifecycle: this.lifecycle };
    for (const fn of this.catalog.disabled()) this.logger.info('Host.Durable', `Function '${fn.name}' is disabled by the app setting AzureWebJobs.${fn.name}.Disabled.`);
    this.leaseMs = options.activityLeaseMs ?? 5 * 60_000;
    this.orchestrations = new OrchestrationProcessor(parts, options.orchestration ?? DEFAULT_ORCHESTRATION_SETTINGS);
    this.activities = new ActivityProcessor(parts);
    this.entities = new EntityProcessor(parts, options.maxEntityOperationBatchSize ?? 50);
    const onError = (error: unknown) => this.onError(error);
    const orchestrationConcurrency = options.maxConcurrentOrchestrations ?? 10;
    this.orchestrationPump = new WorkPump({
      concurrency: orchestrationConcurrency,
      fetch: (limit, budget) => this.store.fetchOrchestrationWorkItems(this.clock.now(), limit, budget),
      process: async (item) => this.afterWork(await this.orchestrations.process(item)),
      onError,
      health: this.health,
      // Memory follows the histories and messages in flight, not their number.
      weigh: (item) => item.size,
      budget: options.episodeBudgetBytes ?? DEFAULT_EPISODE_BUDGET_BYTES,
      release: (item) => this.store.abandonOrchestrationWorkItem(item),
    });
    this.entityPump = new WorkPump({
      concurrency: options.maxConcurrentEntities ?? orchestrationConcurrency,
      fetch: (limit) => this.store.fetchEntityWorkItems(this.clock.now(), limit, this.entities.messageLimit),
      process: async (item) => this.afterWork(await this.entities.process(item)),
      onError,
      health: this.health,
    });
    this.activityPump = new WorkPump({
      concurrency: options.maxConcurrentActivities ?? 10,
      fetch: (limit, budget) => {
        let room = budget;
        const items = this.store.fetchActivityWorkItems(this.clock.now(), limit, this.leaseMs, (item) => {
          room -= this.activities.expectedSizeOf(item.name, item.inputLength);
          return room >= 0;
        });
        // A lease that runs out (an invocation that never ends) makes its item visible again: be awake then.
        if (items.length && this.leaseMs < 8.64e15) this.armTimer(this.clock.now() + this.leaseMs);
        return items;
      },
      process: async (item) => this.afterWork(await this.activities.process(item)),
      onError,
      health: this.health,
      // Activities whose results run to megabytes run fewer at a time.
      weigh: (item) => this.activities.expectedSizeOf(item.name, item.input?.length ?? 0),
      budget: options.activityBudgetBytes ?? DEFAULT_ACTIVITY_BUDGET_BYTES,
      release: (item) => this.store.abandonActivityWorkItem(item, this.clock.now()),
    });
    this.health.onRecovered(() => this.wakeAll());
  }

  start(): void {
    this.running = true;
    this.store.recover(this.clock.now());
    this.wakeAll();
    this.armTimer();
  }

  /** Makes every pump look for work now (after a reload with new code, say). */
  wake(): void {
    this.wakeAll();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.activities.stop();
    await Promise.all([this.orchestrationPump.stop(), this.entityPump.stop(), this.activityPump.stop()]);
  }

  /** Resolves when no work is in flight and none is visible now (timers may still be pending). */
  async whenIdle(): Promise<void> {
    const pumps = [this.orchestrationPump, this.entityPump, this.activityPump];
    for (;;) {
      await this.pendingWrites.whenIdle();
      await Promise.all(pumps.map((p) => p.whenIdle()));
      if (!this.store.hasVisibleWork(this.clock.now()) && !pumps.some((p) => p.busy)) return;
      this.wakeAll();
    }
  }

  /** The next time something becomes visible (a timer, a retry, a lease expiry). */
  nextWakeAt(): number | undefined {
    return this.store.nextWakeAt(this.clock.now());
  }

  // ---- client operations -------------------------------------------------------------------

  /** Resolves once what was committed so far would survive a power loss (with durability full). */
  durable(): Promise<void> {
    return this.store.durable();
  }

  /**
   * Starts an orchestration. Its version is the one asked for, else host.json's defaultVersion; its
   * trace is the caller's (a new one without). An id whose instance is still running is refused,
   * unless overridableExistingInstanceStates is AnyState.
   */
  startNew(name: string, input: string | null, instanceId: string, options: { version?: string; traceContext?: TraceContext } = {}): InstanceRecord {
    const fn = this.catalog.get('orchestrator', name);
    if (!fn) throw new InvalidRequestError(unknownFunctionMessage('orchestrator', name, this.catalog.names('orchestrator')));
    validateInstanceId(instanceId);
    const now = this.clock.now();
    const version = options.version ?? this.versioning.defaultVersion;
    const instance = newInstanceRecord({ instanceId, name: fn.name, input, now, version: version || null });
    const conflictsWith = this.options.overridableExistingInstanceStates === 'AnyState' ? [] : ACTIVE_STATUSES;
    const record = this.store.createInstance({ instance, started: executionStartedEvent(instance, now, options.traceContext), visibleAt: now, conflictsWith });
    this.notify(record);
    this.orchestrationPump.wake();
    this.lifecycle.scheduled(instanceId, fn.name, 'Orchestrator', 'NewInstance');
    return record;
  }

  raiseEvent(instanceId: string, eventName: string, input: string | null): void {
    const instance = this.send(instanceId, historyEvent(EventType.EventRaised, this.clock.now(), { Name: eventName, Input: input }), 'raiseEvent');
    this.lifecycle.scheduled(instanceId, instance.name, 'Orchestrator', `RaiseEvent:${eventName}`);
  }

  terminate(instanceId: string, reason: string | undefined): void {
    const instance = this.send(instanceId, historyEvent(EventType.ExecutionTerminated, this.clock.now(), { Input: JSON.stringify(reason ?? '') }), 'terminate');
    this.lifecycle.terminated(instanceId, instance.name, reason ?? '');
  }

  /** Suspends a running instance; one already suspended refuses, as the extension's client does. */
  suspend(instanceId: string, reason: string | undefined): void {
    const instance = this.send(instanceId, historyEvent(EventType.ExecutionSuspended, this.clock.now(), { Input: JSON.stringify(reason ?? '') }), 'suspend', SUSPENDABLE);
    this.lifecycle.suspending(instanceId, instance.name, reason ?? '');
  }

  /** Resumes a suspended instance; one that is not suspended refuses. */
  resume(instanceId: string, reason: string | undefined): void {
    const instance = this.send(instanceId, historyEvent(EventType.ExecutionResumed, this.clock.now(), { Input: JSON.stringify(reason ?? '') }), 'resume', ['Suspended']);
    this.lifecycle.resuming(instanceId, instance.name, reason ?? '');
  }

  /** Starts the instance's orchestration again with its input and version, under a new id or (when finished) the same one. */
  restart(instanceId: string, newInstanceId: string | undefined, options: { traceContext?: TraceContext } = {}): InstanceRecord {
    const instance = this.store.getInstance(instanceId);
    if (!instance) throw new InstanceNotFoundError(instanceId);
    return this.startNew(instance.name, instance.input, newInstanceId ?? instanceId, { version: instance.version ?? '', traceContext: options.traceContext });
  }

  /** Asks a failed instance to go back to before its failure and run the failed work again. */
  rewind(instanceId: string, reason: string | undefined): void {
    const now = this.clock.now();
    const instance = this.store.addEvent(instanceId, historyEvent(EventType.GenericEvent, now, { Name: REWIND_REQUEST, Input: JSON.stringify(reason ?? '') }), ['Failed'], 'rewind', now);
    this.orchestrationPump.wake();
    this.lifecycle.rewound(instanceId, instance.name, reason ?? '');
  }

  /** Sends an operation to an entity without waiting for it (a signal). An empty operation name is sent as it is, as the extension does. */
  /** Sends an operation to an entity without waiting for it (a signal); resolves once it is committed (signals of one moment share a commit). */
  signalEntity(name: string, key: string, operation: string, input: string | null, options: { traceContext?: TraceContext } = {}): Promise<void> {
    const fn = this.catalog.get('entity', name);
    if (!fn) throw new InvalidRequestError(unknownFunctionMessage('entity', name, this.catalog.names('entity')));
    validateEntityKey(key);
    const request: EntityRequest = { id: randomUUID(), op: operation, signal: true, input: input ?? undefined, parent: null };
    if (options.traceContext) request.traceParent = options.traceContext.traceParent;
    const now = this.clock.now();
    const entityId = entitySchedulerId(name, key);
    const committed = this.pendingWrites.track(this.signals.add({ entityId, event: historyEvent(EventType.EventRaised, now, { Name: 'op', Input: JSON.stringify(request) }), now }));
    this.lifecycle.scheduled(entityId, fn.name, 'Entity', `EntitySignal:${operation}`);
    return committed.then(() => this.entityPump.wake());
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

  /** Purges an entity's instance id (`@name@key`): its state and waiting operations. */
  purgeEntity(entityId: string): number {
    return this.store.purgeEntity(entityId);
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

  private send(instanceId: string, event: HistoryEvent, operation: string, acceptedIn: readonly RuntimeStatus[] = ACTIVE_STATUSES): InstanceRecord {
    const instance = this.store.addEvent(instanceId, event, acceptedIn, operation, this.clock.now());
    this.orchestrationPump.wake();
    return instance;
  }

  private wakeAll(): void {
    this.orchestrationPump.wake();
    this.entityPump.wake();
    this.activityPump.wake();
  }

  private afterWork(effects: WorkEffects): void {
    if (effects.activities) this.activityPump.wake();
    if (effects.orchestrations) this.orchestrationPump.wake();
    if (effects.entities) this.entityPump.wake();
    if (effects.timerAt !== undefined) this.armTimer(effects.timerAt);
    for (const instance of effects.changed ?? []) this.notify(instance);
  }

  private onError(error: unknown): void {
    if (error instanceof StoreLostError) {
      if (this.lost) return;
      this.lost = true;
      this.logger.error('Host.Durable.Store', error.message);
      this.options.onStoreLost?.(error);
      return;
    }
    this.logger.error('Host.Durable', `Dispatcher error: ${(error as Error)?.stack ?? error}`);
  }

  private notify(instance: InstanceRecord): void {
    const set = this.waiters.get(instance.instanceId);
    if (set) for (const waiter of [...set]) waiter(instance);
  }

  /** Keeps one clock timer armed at the earliest time something becomes visible. */
  private armTimer(candidate?: number): void {
    if (!this.running) return;
    let at: number | undefined;
    try {
      at = candidate ?? this.store.nextWakeAt(this.clock.now());
    } catch (error) {
      this.onError(error);
      return;
    }
    if (at === undefined || (this.timerAt !== undefined && this.timerAt <= at)) return;
    this.cancelTimer?.();
    this.timerAt = at;
    this.cancelTimer = this.clock.at(at, () => {
      this.timerAt = undefined;
      this.cancelTimer = undefined;
      this.wakeAll();
      this.armTimer();
    });
  }
}
