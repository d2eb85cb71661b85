import type { HostLogger } from '../../logging/HostLogger';
import type { AppFunctions } from '../../worker/AppFunctions';
import { InvocationFailure, type Invoker, isShutdown } from '../../worker/Invoker';
import type { Clock } from '../../clock/Clock';
import { StoreLostError } from '../model/errors';
import { versionMismatchFailure } from '../model/failureDetails';
import { EventType, type HistoryEvent } from '../model/history';
import { OrchestrationPayloadCodec } from '../protocol/orchestrationPayload';
import { unknownFunctionMessage } from '../runtime/unknownFunction';
import {
  DEFAULT_ORCHESTRATION_SETTINGS,
  OrchestrationFailedError,
  OrchestrationRuntimeState,
  type OrchestrationSettings,
  type ReplayRequest,
  type RuntimeLookups,
} from '../runtime/OrchestrationRuntimeState';
import { type VersioningSettings, versionAllowed } from '../runtime/versioning';
import type { CompletionOutcome, OrchestrationChanges, OrchestrationWorkItem, Store } from '../store/Store';
import type { DurableFunctions } from './DurableFunctions';
import type { LifecycleLog } from './LifecycleLog';
import { type EngineParts, type WorkEffects, messageEffects } from './EngineParts';
import { GroupCommit } from './GroupCommit';
import { StoreHealth } from './StoreHealth';
import { parseHistoryRows } from '../store/historyRows';
import { releasedLargeText } from '../../memory/LargeGarbage';
import { findCallSites, withCallSite } from './callSitesOfReplay';
import type { OrchestratorState } from '../protocol/actions';

interface Completion {
  item: OrchestrationWorkItem;
  changes: OrchestrationChanges;
}

// A host error that fails even the failing of an instance: its messages wait this long, growing, before the next try.
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;
// An instance of a version this app does not run (versionFailureStrategy Reject) is looked at again after this, growing.
const FIRST_REJECT_MS = 1_000;
const MAX_REJECT_MS = 60_000;

/**
 * Runs orchestration episodes: a fetched work item goes through the pure runtime state, the
 * orchestrator is invoked when it must replay, and what comes out is completed in the store,
 * guarded. Any error while processing one instance fails that instance, with its cause.
 */
export class OrchestrationProcessor {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly functions: AppFunctions;
  private readonly invoker: Invoker;
  private readonly logger: HostLogger;
  private readonly health: StoreHealth;
  private readonly codec: OrchestrationPayloadCodec;
  private readonly lookups: RuntimeLookups;
  // Episodes of different instances that finish in the same turn share one transaction.
  private readonly commits: GroupCommit<Completion, CompletionOutcome>;
  private readonly hostFailures = new Map<string, number>();
  private readonly rejections = new Map<string, number>();
  private readonly catalog: DurableFunctions;
  private readonly versioning: VersioningSettings;
  private readonly lifecycle: LifecycleLog;

  constructor(
    parts: EngineParts,
    private readonly settings: OrchestrationSettings = DEFAULT_ORCHESTRATION_SETTINGS,
  ) {
    ({ store: this.store, clock: this.clock, functions: this.functions, invoker: this.invoker, logger: this.logger, health: this.health } = parts);
    ({ catalog: this.catalog, versioning: this.versioning, lifecycle: this.lifecycle } = parts);
    this.codec = new OrchestrationPayloadCodec(settings);
    this.lookups = {
      orchestratorName: (name) => this.catalog.get('orchestrator', name)?.name,
      activityName: (name) => this.catalog.get('activity', name)?.name,
      entityName: (name) => this.catalog.get('entity', name)?.name,
      knownNames: (kind) => this.catalog.names(kind),
      instanceStatus: (instanceId) => this.store.getInstance(instanceId)?.status,
    };
    this.commits = new GroupCommit(
      (completions) => this.store.completeOrchestrationWorkItems(completions),
      (completion) => this.store.completeOrchestrationWorkItems([completion])[0],
    );
  }

  /** Runs one episode of a fetched work item; returns what it made runnable. */
  async process(item: OrchestrationWorkItem): Promise<WorkEffects> {
    const now = this.clock.now();
    let runtime: OrchestrationRuntimeState | undefined;
    try {
      const history = parseHistoryRows(item.history);
      runtime = new OrchestrationRuntimeState(item.instance!, history, item.messages, now, this.settings, this.lookups);
      const replay = runtime.begin();
      if (replay && (await this.replay(runtime, item, replay)) === 'rejected') return this.reject(item, now);
    } catch (error) {
      if (StoreHealth.isUnavailable(error) || error instanceof StoreLostError || isShutdown(error)) {
        this.store.abandonOrchestrationWorkItem(item);
        throw error;
      }
      // A fault of the host's own with this one instance: it fails, saying why, instead of being retried for ever.
      runtime = new OrchestrationRuntimeState(item.instance!, [], item.messages, now, this.settings, this.lookups);
      const failure = error instanceof OrchestrationFailedError ? error.message : `The host could not process this instance: ${(error as Error)?.message ?? error}`;
      runtime.failAll({
        message: failure,
        details: error instanceof OrchestrationFailedError ? error.details : ((error as Error)?.stack ?? ''),
        failureDetails: error instanceof OrchestrationFailedError ? error.failureDetails : undefined,
      });
    }
    const effects = await this.complete(item, runtime, now);
    releasedLargeText(item.size * 4);
    return effects;
  }

  /** Runs the orchestrator over the history; 'rejected' when its version is not one this app runs and it must wait. */
  private async replay(runtime: OrchestrationRuntimeState, item: OrchestrationWorkItem, replay: ReplayRequest): Promise<'ran' | 'rejected'> {
    const instance = runtime.instance;
    const fn = this.catalog.get('orchestrator', instance.name);
    if (!fn) {
      runtime.failWith({ message: unknownFunctionMessage('orchestrator', instance.name, this.catalog.names('orchestrator')), details: '' });
      return 'ran';
    }
    // As the Durable Task Framework's dispatcher, before the orchestrator runs.
    if (!versionAllowed(instance.version, this.versioning)) {
      if (this.versioning.failureStrategy === 'Reject') return 'rejected';
      runtime.failWith({ message: 'Orchestration version did not comply with Worker Versioning', details: '', failureDetails: versionMismatchFailure() });
      return 'ran';
    }
    this.rejections.delete(item.instanceId);
    this.lifecycle.started(instance.instanceId, instance.name, 'Orchestrator', instance.input, replay.isReplaying);
    let payload: string;
    try {
      payload = this.codec.encode(instance, item.history, replay.newEvents, replay.isReplaying);
    } catch (error) {
      if (!(error instanceof OrchestrationFailedError) && !(error instanceof RangeError)) throw error;
      runtime.failWith({ message: error.message, details: '' });
      return 'ran';
    }
    const inputData = [{ name: fn.triggerName, data: { json: payload } }];
    let response;
    try {
      // Every episode runs under the orchestration's own span, so its activities and children share its trace.
      response = await this.invoker.invoke(fn, { inputData, traceContext: runtime.traceContext });
    } catch (error) {
      if (!(error instanceof InvocationFailure) || isShutdown(error)) throw error;
      const failure = error.reason === 'threw' ? this.codec.decodeFailure(error.message, error.failure.stack) : new OrchestrationFailedError(error.message, '');
      runtime.failWith({ message: failure.message, details: failure.details, failureDetails: failure.failureDetails });
      return 'ran';
    }
    let state: OrchestratorState;
    try {
      state = this.codec.decode(response.returnValue, instance.name);
    } catch (error) {
      if (!(error instanceof OrchestrationFailedError) && !(error instanceof SyntaxError)) throw error;
      runtime.failWith({ message: error.message, details: '' });
      return 'ran';
    }
    const divergence = runtime.findDivergence(state);
    if (divergence) {
      // Only now is the replay run again with a stack per call, to name the line of the diverging call.
      const callSites = await findCallSites(this.invoker, fn, inputData, this.codec, instance.name);
      runtime.failWithDivergence(withCallSite(divergence, callSites));
      return 'ran';
    }
    runtime.applyOrchestratorState(state);
    return 'ran';
  }

  /** versionFailureStrategy Reject: the instance is left as it is and looked at again later, as the Durable Task Framework abandons its work item. */
  private reject(item: OrchestrationWorkItem, now: number): WorkEffects {
    const rejections = (this.rejections.get(item.instanceId) ?? 0) + 1;
    this.rejections.set(item.instanceId, rejections);
    if (rejections === 1) {
      const instance = item.instance!;
      this.logger.warn(
        `Function.${instance.name}`,
        `Instance ${item.instanceId} has version '${instance.version ?? ''}', which this app does not run (defaultVersion '${this.versioning.defaultVersion}', ` +
          `versionMatchStrategy ${this.versioning.matchStrategy}); it waits, as versionFailureStrategy is Reject.`,
      );
    }
    const delay = Math.min(FIRST_REJECT_MS * 2 ** (rejections - 1), MAX_REJECT_MS);
    this.store.abandonOrchestrationWorkItem(item, now + delay);
    return { timerAt: now + delay };
  }

  private async complete(item: OrchestrationWorkItem, runtime: OrchestrationRuntimeState, now: number): Promise<WorkEffects> {
    const changes = runtime.changes();
    let outcome: CompletionOutcome;
    try {
      outcome = await this.commits.add({ item, changes });
    } catch (error) {
      if (StoreHealth.isUnavailable(error) || error instanceof StoreLostError) {
        this.store.abandonOrchestrationWorkItem(item);
        throw error;
      }
      return this.completeAfterHostError(item, error, now);
    }
    this.hostFailures.delete(item.instanceId);
    // Only a write that went through says the store works again (reads succeed on a full disk).
    this.health.succeeded();
    // Refused: the instance changed under the episode (a restart, a purge). Its messages are fetched again.
    if (outcome === 'stale') return { orchestrations: true };
    const effects = messageEffects(changes.messages, now);
    if (changes.activities.length) effects.activities = true;
    if (changes.startInstances.length) effects.orchestrations = true;
    effects.changed = [...(changes.instance ? [changes.instance] : []), ...changes.startInstances.map((s) => s.instance)];
    this.logEpisode(item, runtime, changes);
    return effects;
  }

  /** The extension's lines for what an episode did: what it scheduled, and whether it waits, completed or failed. */
  private logEpisode(item: OrchestrationWorkItem, runtime: OrchestrationRuntimeState, changes: OrchestrationChanges): void {
    if (!changes.instance) return;
    const instance = changes.instance;
    for (const activity of changes.activities) this.lifecycle.scheduled(instance.instanceId, activity.name, 'Activity', instance.name);
    for (const child of changes.startInstances) this.lifecycle.scheduled(child.instance.instanceId, child.instance.name, 'Orchestrator', instance.name);
    if (runtime.failure) this.lifecycle.failed(instance.instanceId, instance.name, 'Orchestrator', runtime.failure.message);
    else if (instance.status === 'Completed') this.lifecycle.completed(instance.instanceId, instance.name, 'Orchestrator', instance.output);
    else if (instance.status === 'ContinuedAsNew') this.lifecycle.completed(instance.instanceId, instance.name, 'Orchestrator', instance.input, true);
    else if (instance.status === 'Running' && item.instance?.status !== 'Suspended' && changes.appendHistory.some((e) => e.EventType === EventType.OrchestratorCompleted)) {
      this.lifecycle.awaited(instance.instanceId, instance.name);
    }
  }

  /** The episode's writes failed for another reason than the store: fail the instance, or at worst wait and try again. */
  private async completeAfterHostError(item: OrchestrationWorkItem, error: unknown, now: number): Promise<WorkEffects> {
    const failures = (this.hostFailures.get(item.instanceId) ?? 0) + 1;
    this.hostFailures.set(item.instanceId, failures);
    const runtime = new OrchestrationRuntimeState(item.instance!, [], item.messages, now, this.settings, this.lookups);
    runtime.failAll({ message: `The host could not record this instance's progress: ${(error as Error)?.message ?? error}`, details: (error as Error)?.stack ?? '' });
    try {
      const outcome = this.store.completeOrchestrationWorkItems([{ item, changes: runtime.changes() }])[0];
      this.lifecycle.failed(item.instanceId, item.instance?.name ?? item.instanceId, 'Orchestrator', runtime.failure?.message ?? '');
      return outcome === 'committed' ? { changed: [runtime.instance] } : { orchestrations: true };
    } catch (second) {
      const delay = Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS);
      this.logger.error('Host.Durable', `Instance ${item.instanceId} could not be processed or failed (${(second as Error)?.message ?? second}); trying again in ${delay / 1000} s.`);
      this.store.abandonOrchestrationWorkItem(item, now + delay);
      return { timerAt: now + delay };
    }
  }
}
