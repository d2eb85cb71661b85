import path from 'node:path';
import type { InvocationContext } from '@azure/functions';
import { type Duration, parseDuration } from '../extension/duration';
import { FunctionHost } from '../host/FunctionHost';
import { VirtualClock } from '../host/clock/Clock';
import type { HistoryEvent } from '../host/durable/model/history';
import { type InstanceRecord, type RuntimeStatus, isTerminal } from '../host/durable/model/instance';
import { HostLogger } from '../host/logging/HostLogger';
import { responseForError } from '../host/durable/api/ApiError';
import { resolveEntryFiles } from '../host/config/HostConfig';
import { StaleBuildError, findStaleBuild } from './buildFreshness';
import type { HistoryFile } from '../host/verify/HistoryFile';
import { HistoryRecorder, type RecordOutcome } from './HistoryRecorder';

export interface TestEnvironmentOptions {
  /** The function app's folder (host.json, package.json); default the current folder. */
  scriptRoot?: string;
  /** Entry files to load instead of package.json's `main`. */
  entryFiles?: string[];
  /** Where virtual time starts; default 2026-01-01T00:00:00Z. */
  startTime?: Date | number;
  /** Host log output; silent by default. */
  logger?: HostLogger;
  /** Keep durable state (and timer schedule status) here instead of in memory, e.g. to start again on it as after a restart. */
  dataDir?: string;
  /**
   * Record the history of every instance into this folder when the environment is disposed (or one
   * now with `recordHistory`), one history file per instance, for `verifyHistories`. A file already
   * there is kept, as a snapshot is, unless `updateHistories` is set.
   */
  recordHistories?: string;
  /** Overwrite recorded histories (accept an intended change); default: the environment variable UPDATE_HISTORIES=1. */
  updateHistories?: boolean;
}

export interface InstanceStatus {
  instanceId: string;
  name: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: Date;
  lastUpdatedTime: Date;
}

/** Which instances `listInstances` returns; all of them by default. */
export interface InstanceFilter {
  runtimeStatus?: RuntimeStatus[];
  createdFrom?: Date;
  createdTo?: Date;
  instanceIdPrefix?: string;
}

/** An entity's state as a client reads it. */
export interface EntityState<T = unknown> {
  exists: boolean;
  state: T | undefined;
}

export interface WaitOptions {
  /** Give up when virtual time has moved this far without the instance finishing; default 365 days. */
  maxVirtualTime?: Duration;
}

function parse(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

function toStatus(record: InstanceRecord): InstanceStatus {
  return {
    instanceId: record.instanceId,
    name: record.name,
    runtimeStatus: record.status,
    input: parse(record.input),
    output: parse(record.output),
    customStatus: parse(record.customStatus),
    createdTime: new Date(record.createdAt),
    lastUpdatedTime: new Date(record.lastUpdatedAt),
  };
}

/** An operation the durable client would refuse, with the status code the management API answers for it. */
export class DurableClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DurableClientError';
  }
}

/** Runs a client operation, turning the engine's domain errors into what a durable client sees. */
function asClient<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    const response = responseForError(error);
    if (response) throw new DurableClientError(response.status, (error as Error).message);
    throw error;
  }
}

let instanceCounter = 0;

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/**
 * Runs a function app in-process on an in-memory store and a virtual clock, so a test drives
 * orchestrations through the real durable-functions SDK and skips time: a 30-day timer takes
 * milliseconds. HTTP functions and the management API are served on a free loopback port.
 */
export class DurableTestEnvironment {
  private readonly overrides = new Map<string, (...args: unknown[]) => unknown>();
  private readonly recorder?: HistoryRecorder;

  private constructor(
    readonly host: FunctionHost,
    readonly clock: VirtualClock,
    options: TestEnvironmentOptions = {},
  ) {
    const dir = options.recordHistories;
    const update = options.updateHistories ?? process.env.UPDATE_HISTORIES === '1';
    if (dir) this.recorder = new HistoryRecorder(host.engine, path.resolve(dir), update, () => this.now());
  }

  /** Loads the app; refuses (StaleBuildError) when a compiled module it loads is older than its source. */
  static async create(options: TestEnvironmentOptions = {}): Promise<DurableTestEnvironment> {
    const scriptRoot = path.resolve(options.scriptRoot ?? process.cwd());
    const entryFiles = options.entryFiles ?? resolveEntryFiles(scriptRoot);
    const stale = findStaleBuild(entryFiles);
    if (stale.length > 0) throw new StaleBuildError(stale, scriptRoot);
    const clock = new VirtualClock(options.startTime ?? Date.UTC(2026, 0, 1));
    const host = await FunctionHost.start({
      scriptRoot,
      entryFiles,
      port: 0,
      inMemory: options.dataDir === undefined,
      dataDir: options.dataDir,
      clock,
      logger: options.logger ?? HostLogger.silent(),
      // In this thread, so that time is virtual and activities can be replaced.
      workers: 'in-process',
    });
    return new DurableTestEnvironment(host, clock, options);
  }

  /** The host's base URL, e.g. for `fetch(env.url + '/api/health')`. */
  get url(): string {
    return this.host.url;
  }

  /** The virtual time now. */
  now(): Date {
    return new Date(this.clock.now());
  }

  /** Starts an orchestration and returns its instance id. */
  async start(name: string, input?: unknown, options: { instanceId?: string } = {}): Promise<string> {
    const instanceId = options.instanceId ?? `test-${++instanceCounter}-${Date.now().toString(36)}`;
    asClient(() => this.host.engine.startNew(name, input === undefined ? null : JSON.stringify(input), instanceId));
    return instanceId;
  }

  async raiseEvent(instanceId: string, eventName: string, data?: unknown): Promise<void> {
    asClient(() => this.host.engine.raiseEvent(instanceId, eventName, data === undefined ? null : JSON.stringify(data)));
  }

  async terminate(instanceId: string, reason?: string): Promise<void> {
    asClient(() => this.host.engine.terminate(instanceId, reason));
  }

  async suspend(instanceId: string, reason?: string): Promise<void> {
    asClient(() => this.host.engine.suspend(instanceId, reason));
  }

  async resume(instanceId: string, reason?: string): Promise<void> {
    asClient(() => this.host.engine.resume(instanceId, reason));
  }

  /** Runs a Failed instance's failed work again; an error with status 410 for an instance that is not Failed. */
  async rewind(instanceId: string, reason?: string): Promise<void> {
    asClient(() => this.host.engine.rewind(instanceId, reason));
  }

  /** Starts the instance's orchestration again with its input: under `newInstanceId`, or the same id for a finished one. */
  async restart(instanceId: string, options: { newInstanceId?: string } = {}): Promise<string> {
    return asClient(() => this.host.engine.restart(instanceId, options.newInstanceId)).instanceId;
  }

  /** Deletes an instance and its history, in any state as Azure Storage does; returns 1. An error for an unknown instance. */
  async purge(instanceId: string): Promise<number> {
    return asClient(() => this.host.engine.purge(instanceId));
  }

  /** Deletes the finished instances the filter selects; returns how many went. Running ones stay. */
  async purgeInstances(filter: Omit<InstanceFilter, 'instanceIdPrefix'> = {}): Promise<number> {
    return this.host.engine.purgeWhere({ runtimeStatus: filter.runtimeStatus, createdTimeFrom: filter.createdFrom?.getTime(), createdTimeTo: filter.createdTo?.getTime() });
  }

  /** Every instance the filter selects, oldest first. */
  listInstances(filter: InstanceFilter = {}): InstanceStatus[] {
    const found: InstanceStatus[] = [];
    let continuationToken: string | undefined;
    do {
      const page = this.host.engine.query({
        runtimeStatus: filter.runtimeStatus,
        createdTimeFrom: filter.createdFrom?.getTime(),
        createdTimeTo: filter.createdTo?.getTime(),
        instanceIdPrefix: filter.instanceIdPrefix,
        continuationToken,
      });
      found.push(...page.instances.map(toStatus));
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return found;
  }

  /** Queues an operation for an entity, as a client's signalEntity does; `runUntilIdle()` runs it. */
  async signalEntity(name: string, key: string, operation: string, input?: unknown): Promise<void> {
    await asClient(() => this.host.engine.signalEntity(name, key, operation, input === undefined ? null : JSON.stringify(input)));
  }

  /** An entity's state, as a client's readEntityState reads it. */
  readEntity<T = unknown>(name: string, key: string): EntityState<T> {
    const record = this.host.engine.getEntity(name, key);
    return record ? { exists: true, state: parse(record.state) as T | undefined } : { exists: false, state: undefined };
  }

  /** When the next durable timer (or retry, or lease expiry) is due; undefined when nothing is waiting for time. */
  nextTimerAt(): Date | undefined {
    const next = this.host.engine.nextWakeAt();
    return next === undefined ? undefined : new Date(next);
  }

  getStatus(instanceId: string): InstanceStatus | undefined {
    const record = this.host.engine.getInstance(instanceId);
    return record && toStatus(record);
  }

  getHistory(instanceId: string): HistoryEvent[] {
    return this.host.engine.getHistory(instanceId);
  }

  /** The instance's history as a history file (the format `durable-host verify --histories` reads). */
  exportHistory(instanceId: string): HistoryFile {
    return new HistoryRecorder(this.host.engine, '', false, () => this.now()).export(instanceId);
  }

  /**
   * Records the instance's history as it is now into the `recordHistories` folder (a waiting
   * instance, say); disposing the environment leaves that file as it is. Returns whether it wrote
   * the file or kept the one already there.
   */
  recordHistory(instanceId: string): RecordOutcome {
    if (!this.recorder) throw new Error('This environment records no histories: create it with { recordHistories: <folder> }.');
    return this.recorder.record(instanceId);
  }

  /** Runs everything that can run now (orchestrations, activities, timer and queue runs), without moving time. */
  async runUntilIdle(): Promise<void> {
    // A timer or queue run may start orchestrations, which may finish before it does: wait until both rest.
    do {
      await this.host.triggers.whenIdle();
      await this.host.engine.whenIdle();
    } while (this.host.triggers.busy);
  }

  /** Moves virtual time forward, firing durable timers, retries and timer triggers in order, and running what they wake. */
  async advanceTime(duration: Duration): Promise<void> {
    const target = this.clock.now() + parseDuration(duration);
    for (;;) {
      await this.runUntilIdle();
      // The engine's next timer, or a timer trigger's next occurrence, whichever comes first.
      const next = earliest(this.host.engine.nextWakeAt(), this.clock.nextTimerAt());
      if (next === undefined || next > target) break;
      this.clock.advanceTo(next);
    }
    this.clock.advanceTo(target);
    await this.runUntilIdle();
  }

  /**
   * Runs the instance to a terminal state, jumping virtual time to each next timer when nothing
   * else can run. Fails fast when the instance waits for something no timer will bring.
   */
  async waitForCompletion(instanceId: string, options: WaitOptions = {}): Promise<InstanceStatus> {
    const limit = this.clock.now() + parseDuration(options.maxVirtualTime ?? '365d');
    for (;;) {
      await this.runUntilIdle();
      const status = this.getStatus(instanceId);
      if (!status) throw new Error(`No instance with ID '${instanceId}'.`);
      if (isTerminal(status.runtimeStatus)) return status;
      const next = this.host.engine.nextWakeAt();
      if (next === undefined) {
        throw new Error(`Instance '${instanceId}' is ${status.runtimeStatus} and waits for something no timer will bring (an external event?).`);
      }
      if (next > limit) throw new Error(`Instance '${instanceId}' did not finish within ${options.maxVirtualTime ?? '365d'} of virtual time.`);
      this.clock.advanceTo(next);
    }
  }

  /** Replaces an activity's handler for this environment; returns a function that puts it back. */
  overrideActivity<I = unknown, O = unknown>(name: string, fake: (input: I, context: InvocationContext) => O | Promise<O>): () => void {
    const fn = this.host.functions.withTrigger(name, 'activityTrigger');
    if (!fn) throw new Error(`'${name}' is not an activity of this app.`);
    if (!this.overrides.has(fn.name) && fn.callback) this.overrides.set(fn.name, fn.callback);
    fn.callback = fake as (...args: unknown[]) => unknown;
    return () => this.restoreActivity(fn.name);
  }

  async dispose(): Promise<void> {
    for (const name of [...this.overrides.keys()]) this.restoreActivity(name);
    this.recorder?.recordAll();
    await this.host.stop();
  }

  private restoreActivity(name: string): void {
    const original = this.overrides.get(name);
    const fn = this.host.functions.get(name);
    if (original && fn) fn.callback = original;
    this.overrides.delete(name);
  }
}
