import { OrchestrationFailedError } from '../model/errors';
import type { HistoryEvent } from '../model/history';
import type { InstanceRecord } from '../model/instance';
import { typedDataToJson, type TypedData } from '../../worker/typedData';
import type { OrchestratorState } from './actions';
import { decodeOrchestratorFailure } from './failurePayload';

const OUT_OF_PROC_LABEL = '$OutOfProcData$:';
/** The most text one episode may hand the orchestrator: far below V8's string limit, with room to parse it. */
export const MAX_EPISODE_PAYLOAD_CHARS = 256 * 1024 * 1024;

export interface PayloadSettings {
  maximumShortTimerMs: number;
  longTimerIntervalMs: number;
  /** The wait before a callHttp polls a 202 without Retry-After; the SDK numbers its own poll timer with it. */
  defaultHttpAsyncRequestSleepMs?: number;
}


function timeSpan(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const rest = new Date(ms % 86_400_000).toISOString().substring(11, 19);
  return `${days}.${rest}`;
}

/** Builds the orchestration trigger's payload (durable-protocol.md section 4) without parsing the stored history. */
export class OrchestrationPayloadCodec {
  // The end of every payload: the same settings each episode.
  private readonly tail: string;

  constructor(settings: PayloadSettings) {
    this.tail =
      `"upperSchemaVersion":1,"upperSchemaVersionNew":3,` +
      `"longRunningTimerIntervalDuration":"${timeSpan(settings.longTimerIntervalMs)}",` +
      `"maximumShortTimerDuration":"${timeSpan(settings.maximumShortTimerMs)}",` +
      `"defaultHttpAsyncRequestSleepTimeMillseconds":${settings.defaultHttpAsyncRequestSleepMs ?? 30000}}`;
  }

  encode(instance: InstanceRecord, stored: readonly string[], newEvents: HistoryEvent[], isReplaying: boolean): string {
    const fresh = newEvents.map((e) => JSON.stringify(e));
    let size = (instance.input?.length ?? 4) + this.tail.length;
    for (const text of stored) size += text.length + 1;
    for (const text of fresh) size += text.length + 1;
    if (size > MAX_EPISODE_PAYLOAD_CHARS) {
      throw new OrchestrationFailedError(
        `Its history and input are ${(size / 1048576).toFixed(0)} MiB, more than the ${MAX_EPISODE_PAYLOAD_CHARS / 1048576} MiB the host hands an orchestrator in one episode. ` +
          'Keep large data out of orchestration inputs and activity results (store it elsewhere and pass a reference).',
      );
    }
    const events = stored.length ? stored.join(',') + (fresh.length ? ',' : '') : '';
    return (
      `{"history":[${events}${fresh.join(',')}],` +
      `"input":${instance.input ?? 'null'},"instanceId":${JSON.stringify(instance.instanceId)},` +
      `"isReplaying":${isReplaying},"parentInstanceId":${JSON.stringify(instance.parentInstanceId ?? '')},` +
      this.tail
    );
  }

  /** The orchestrator's state from a successful invocation. */
  decode(returnValue: TypedData | null | undefined, name: string): OrchestratorState {
    const json = typedDataToJson(returnValue);
    if (!json) throw new OrchestrationFailedError(`The orchestrator function '${name}' returned no state.`);
    return JSON.parse(json) as OrchestratorState;
  }

  /** The orchestrator's state (its actions until it failed) from a failed invocation, when the SDK put it in the message. */
  decodeFailureState(message: string): OrchestratorState | undefined {
    const at = message.indexOf(OUT_OF_PROC_LABEL);
    if (at < 0) return undefined;
    try {
      return JSON.parse(message.substring(at + OUT_OF_PROC_LABEL.length)) as OrchestratorState;
    } catch {
      return undefined;
    }
  }

  /** The user's error from a failed invocation: the SDK puts it after `$OutOfProcData$:` in its own message. */
  decodeFailure(message: string, stack: string): OrchestrationFailedError {
    const at = message.indexOf(OUT_OF_PROC_LABEL);
    if (at < 0) return new OrchestrationFailedError(message, stack);
    let state: OrchestratorState & { failureDetails?: unknown };
    try {
      state = JSON.parse(message.substring(at + OUT_OF_PROC_LABEL.length));
    } catch {
      return new OrchestrationFailedError(message.substring(0, at).trimEnd());
    }
    const failureDetails = decodeOrchestratorFailure(state.failureDetails);
    return new OrchestrationFailedError(state.error ?? message.substring(0, at).trimEnd(), stack || failureDetails?.StackTrace || '', failureDetails);
  }
}
