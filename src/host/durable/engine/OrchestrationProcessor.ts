import type { HostLogger } from '../../logging/HostLogger';
import type { AppFunctions } from '../../worker/AppFunctions';
import { InvocationFailure, type Invoker, isShutdown } from '../../worker/Invoker';
import type { Clock } from '../../clock/Clock';
import { StoreLostError } from '../model/errors';
import type { HistoryEvent } from '../model/history';
import { OrchestrationPayloadCodec, OrchestratorError, PayloadTooLargeError } from '../protocol/orchestrationPayload';
import {
  DEFAULT_ORCHESTRATION_SETTINGS,
  OrchestrationFailedError,
  OrchestrationRuntimeState,
  type OrchestrationSettings,
  type ReplayRequest,
  type RuntimeLookups,
} from '../runtime/OrchestrationRuntimeState';
import type { CompletionOutcome, OrchestrationChanges, OrchestrationWorkItem, Store } from '../store/Store';
import { type EngineParts, type WorkEffects, messageEffects } from './EngineParts';
import { GroupCommit } from './GroupCommit';
import { StoreHealth } from './StoreHealth';
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

  constructor(
    parts: EngineParts,
    private readonly settings: OrchestrationSettings = DEFAULT_ORCHESTRATION_SETTINGS,
  ) {
    ({ store: this.store, clock: this.clock, functions: this.functions, invoker: this.invoker, logger: this.logger, health: this.health } = parts);
    this.codec = new OrchestrationPayloadCodec(settings);
    this.lookups = {
      orchestratorName: (name) => this.functions.withTrigger(name, 'orchestrationTrigger')?.name,
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
      const history = item.history.map((text) => JSON.parse(text) as HistoryEvent);
      runtime = new OrchestrationRuntimeState(item.instance!, history, item.messages, now, this.settings, this.lookups);
      const replay = runtime.begin();
      if (replay) await this.replay(runtime, item, replay);
    } catch (error) {
      if (StoreHealth.isUnavailable(error) || error instanceof StoreLostError || isShutdown(error)) {
        this.store.abandonOrchestrationWorkItem(item);
        throw error;
      }
      // A fault of the host's own with this one instance: it fails, saying why, instead of being retried for ever.
      runtime = new OrchestrationRuntimeState(item.instance!, [], item.messages, now, this.settings, this.lookups);
      const failure = error instanceof OrchestrationFailedError ? error.message : `The host could not process this instance: ${(error as Error)?.message ?? error}`;
      runtime.failAll({ message: failure, details: error instanceof OrchestrationFailedError ? error.details : ((error as Error)?.stack ?? '') });
    }
    const effects = await this.complete(item, runtime, now);
    releasedLargeText(item.size * 4);
    return effects;
  }

  private async replay(runtime: OrchestrationRuntimeState, item: OrchestrationWorkItem, replay: ReplayRequest): Promise<void> {
    const instance = runtime.instance;
    const fn = this.functions.withTrigger(instance.name, 'orchestrationTrigger');
    if (!fn) {
      runtime.failWith({ message: `The orchestrator function '${instance.name}' doesn't exist.`, details: '' });
      return;
    }
    let payload: string;
    try {
      payload = this.codec.encode(instance, item.history, replay.newEvents, replay.isReplaying);
    } catch (error) {
      if (!(error instanceof PayloadTooLargeError) && !(error instanceof RangeError)) throw error;
      runtime.failWith({ message: error.message, details: '' });
      return;
    }
    const inputData = [{ name: fn.triggerName, data: { json: payload } }];
    let response;
    try {
      response = await this.invoker.invoke(fn, { inputData });
    } catch (error) {
      if (!(error instanceof InvocationFailure) || isShutdown(error)) throw error;
      const failure = error.reason === 'threw' ? this.codec.decodeFailure(error.message, error.failure.stack) : new OrchestratorError(error.message, '');
      runtime.failWith({ message: failure.message, details: failure.details });
      return;
    }
    let state: OrchestratorState;
    try {
      state = this.codec.decode(response.returnValue, instance.name);
    } catch (error) {
      if (!(error instanceof OrchestratorError) && !(error instanceof SyntaxError)) throw error;
      runtime.failWith({ message: error.message, details: '' });
      return;
    }
    const divergence = runtime.findDivergence(state);
    if (divergence) {
      // Only now is the replay run again with a stack per call, to name the line of the diverging call.
      const callSites = await findCallSites(this.invoker, fn, inputData, this.codec, instance.name);
      runtime.failWithDivergence(withCallSite(divergence, callSites));
      return;
    }
    runtime.applyOrchestratorState(state);
  }

  private async complete(item: OrchestrationWorkItem, runtime: OrchestrationRuntimeState, now: number): Promise<WorkEffects> {
    if (runtime.failure) this.logger.error(`Function.${item.instance?.name ?? item.instanceId}`, `${runtime.failure.message} (instance ${item.instanceId})`);
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
    return effects;
  }

  /** The episode's writes failed for another reason than the store: fail the instance, or at worst wait and try again. */
  private async completeAfterHostError(item: OrchestrationWorkItem, error: unknown, now: number): Promise<WorkEffects> {
    const failures = (this.hostFailures.get(item.instanceId) ?? 0) + 1;
    this.hostFailures.set(item.instanceId, failures);
    const runtime = new OrchestrationRuntimeState(item.instance!, [], item.messages, now, this.settings, this.lookups);
    runtime.failAll({ message: `The host could not record this instance's progress: ${(error as Error)?.message ?? error}`, details: (error as Error)?.stack ?? '' });
    try {
      const outcome = this.store.completeOrchestrationWorkItems([{ item, changes: runtime.changes() }])[0];
      this.logger.error(`Function.${item.instance?.name ?? item.instanceId}`, `${runtime.failure?.message} (instance ${item.instanceId})`);
      return outcome === 'committed' ? { changed: [runtime.instance] } : { orchestrations: true };
    } catch (second) {
      const delay = Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS);
      this.logger.error('Host.Durable', `Instance ${item.instanceId} could not be processed or failed (${(second as Error)?.message ?? second}); trying again in ${delay / 1000} s.`);
      this.store.abandonOrchestrationWorkItem(item, now + delay);
      return { timerAt: now + delay };
    }
  }
}
