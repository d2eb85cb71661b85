import path from 'node:path';
import { applyLocalSettings, loadHostConfig, resolveEntryFiles } from '../config/HostConfig';
import { findCallSites, withCallSite } from '../durable/engine/callSitesOfReplay';
import { EventType, type HistoryEvent, historyEvent } from '../durable/model/history';
import type { InstanceRecord } from '../durable/model/instance';
import { type OrchestratorState, numberedActions } from '../durable/protocol/actions';
import { OrchestrationPayloadCodec } from '../durable/protocol/orchestrationPayload';
import { type ReplayDivergence, describeDivergence } from '../durable/runtime/ReplayDivergence';
import { DEFAULT_ORCHESTRATION_SETTINGS, type OrchestrationSettings } from '../durable/runtime/OrchestrationRuntimeState';
import { matchActions } from '../durable/runtime/replayMatch';
import { HostLogger } from '../logging/HostLogger';
import type { AppFunctions } from '../worker/AppFunctions';
import { FunctionInvoker } from '../worker/FunctionInvoker';
import { InvocationFailure } from '../worker/Invoker';
import { workerState } from '../worker/functionsCore';
import { loadApp } from '../worker/loadApp';
import type { HistoryFile } from './HistoryFile';

/** What replaying one instance's history against the current code came to. */
export interface InstanceVerdict {
  instanceId: string;
  name: string;
  runtimeStatus?: string;
  /** Where the history came from (a file, the local store, a task hub). */
  source?: string;
  /**
   * `ok`: the code makes every recorded call again, in order. `diverged`: it does not (or it throws,
   * or the orchestrator is gone): deploying it would break the instance. `error`: the history could not be replayed.
   */
  outcome: 'ok' | 'diverged' | 'error';
  /** The number of history events and of recorded durable calls replayed. */
  events: number;
  calls: number;
  /** For `diverged` and `error`: what happened, in one message. */
  message?: string;
  /** For a divergence at a call: the structured details (position, recorded and current call, source line). */
  divergence?: ReplayDivergence;
}

export interface ReplayVerifierOptions {
  scriptRoot: string;
  /** Entry files to load instead of package.json's `main`. */
  entryFiles?: string[];
  settings?: OrchestrationSettings;
}

/** The parent's id: the host records `ParentInstance.InstanceId`, the Durable Task Framework `ParentInstance.OrchestrationInstance.InstanceId`. */
function parentInstanceId(started: HistoryEvent): string | undefined {
  const parent = started.ParentInstance as { InstanceId?: string; OrchestrationInstance?: { InstanceId?: string } } | null | undefined;
  return parent?.InstanceId ?? parent?.OrchestrationInstance?.InstanceId ?? undefined;
}

function executionFailed(history: readonly HistoryEvent[]): boolean {
  return history.some(
    (e) => e.EventType === EventType.ExecutionFailed || (e.EventType === EventType.ExecutionCompleted && e.OrchestrationStatus === 'Failed'),
  );
}

/**
 * Replays stored histories against the current build's orchestrators, in this process and without
 * running any activity: each history is handed to its orchestrator as a full replay, and the actions
 * it returns are matched against the history with the runtime's own matching.
 */
export class ReplayVerifier {
  private readonly codec: OrchestrationPayloadCodec;

  private constructor(
    readonly scriptRoot: string,
    private readonly functions: AppFunctions,
    private readonly invoker: FunctionInvoker,
    private readonly settings: OrchestrationSettings,
  ) {
    this.codec = new OrchestrationPayloadCodec(settings);
  }

  /** Loads the app as the test environment does (its local.settings.json applied first). */
  static async load(options: ReplayVerifierOptions): Promise<ReplayVerifier> {
    const scriptRoot = path.resolve(options.scriptRoot);
    // A folder that is no function app is told so before anything of it is loaded.
    loadHostConfig(scriptRoot);
    applyLocalSettings(scriptRoot);
    const functions = await loadApp(options.entryFiles ?? resolveEntryFiles(scriptRoot), () => undefined);
    // Captured now: another app loaded later in this process gets a registry of its own.
    const invoker = new FunctionInvoker(workerState(), HostLogger.silent());
    return new ReplayVerifier(scriptRoot, functions, invoker, options.settings ?? DEFAULT_ORCHESTRATION_SETTINGS);
  }

  async verify(file: HistoryFile, source?: string): Promise<InstanceVerdict> {
    const { history } = file;
    const base = { instanceId: file.instanceId, name: file.name, runtimeStatus: file.runtimeStatus, source: source ?? file.source };
    const fn = this.functions.withTrigger(file.name, 'orchestrationTrigger');
    if (!fn) {
      return {
        ...base,
        outcome: 'diverged',
        events: 0,
        calls: 0,
        message: `The app has no orchestrator function named '${file.name}' any more: this instance could not go on.`,
      };
    }
    const started = history.find((e) => e.EventType === EventType.ExecutionStarted);
    // Not started yet (Pending): nothing is recorded that the code could contradict.
    if (!started) return { ...base, outcome: 'ok', events: history.length, calls: 0 };

    const inputData = [{ name: fn.triggerName, data: { json: this.payload(file, started) } }];
    let state: OrchestratorState | undefined;
    let thrown: string | undefined;
    try {
      const response = await this.invoker.invoke(fn, { inputData, reason: 'Replay of a stored history (verify)' });
      state = this.codec.decode(response.returnValue, file.name);
    } catch (error) {
      if (!(error instanceof InvocationFailure)) {
        return { ...base, outcome: 'error', events: history.length, calls: 0, message: `The history could not be replayed: ${(error as Error)?.message ?? error}` };
      }
      thrown = error.reason === 'threw' ? this.codec.decodeFailure(error.message, error.failure.stack).message : error.message;
      state = this.codec.decodeFailureState(error.message);
    }
    const actions = state ? numberedActions(state) : [];
    const match = matchActions(history, actions, this.settings);
    if (match.divergence) {
      const sites = await findCallSites(this.invoker, fn, inputData, this.codec, file.name);
      const divergence = withCallSite(match.divergence, sites);
      return { ...base, outcome: 'diverged', events: history.length, calls: divergence.position, message: describeDivergence(divergence), divergence };
    }
    if (thrown !== undefined && !executionFailed(history)) {
      return {
        ...base,
        outcome: 'diverged',
        events: history.length,
        calls: match.replayed.length,
        message: `The orchestrator now throws while it replays this history, which did not fail: ${thrown}`,
      };
    }
    return { ...base, outcome: 'ok', events: history.length, calls: match.replayed.length };
  }

  /** The trigger payload of a full replay: every recorded event, then an episode start at the last one's time. */
  private payload(file: HistoryFile, started: HistoryEvent): string {
    const { history } = file;
    let lastStart: HistoryEvent | undefined;
    for (const e of history) if (e.EventType === EventType.OrchestratorStarted) lastStart = e;
    const at = Date.parse((lastStart ?? started).Timestamp) || Date.parse(started.Timestamp) || 0;
    // Everything recorded counts as replaying, so replay-safe logs and telemetry stay quiet.
    const now = historyEvent(EventType.OrchestratorStarted, at);
    const instance = {
      instanceId: file.instanceId,
      input: started.Input ?? null,
      parentInstanceId: parentInstanceId(started) ?? null,
    } as InstanceRecord;
    return this.codec.encode(instance, history.map((e) => JSON.stringify({ ...e, IsPlayed: true })), [now], true);
  }
}
