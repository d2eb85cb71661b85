import path from 'node:path';
import type { TriggeredFunction } from '../../worker/AppFunctions';
import { type CapturedCall, InvocationFailure, type InvocationRequest, type Invoker, type SourceFrame } from '../../worker/Invoker';
import { type OrchestratorAction, numberedActions } from '../protocol/actions';
import type { OrchestrationPayloadCodec } from '../protocol/orchestrationPayload';
import type { CodeLocation, ReplayDivergence, SourcePosition } from '../runtime/ReplayDivergence';

/** A replay run again with a stack per durable call: its numbered actions, each pointing at its call. */
export interface ReplayCallSites {
  actions: OrchestratorAction[];
  calls: CapturedCall[];
}

/**
 * Invokes the orchestrator once more on the same payload with call-site capture on. The replay is
 * deterministic, so it makes the same actions; undefined when it cannot tell (the SDK left no state).
 */
export async function findCallSites(
  invoker: Invoker,
  fn: TriggeredFunction,
  inputData: InvocationRequest['inputData'],
  codec: OrchestrationPayloadCodec,
  name: string,
): Promise<ReplayCallSites | undefined> {
  try {
    const response = await invoker.invoke(fn, { inputData, captureCallSites: true, reason: 'Replay again to find the source line of a non-deterministic call' });
    return { actions: numberedActions(codec.decode(response.returnValue, name)), calls: response.callSites ?? [] };
  } catch (error) {
    if (!(error instanceof InvocationFailure)) return undefined;
    const state = codec.decodeFailureState(error.message);
    return state ? { actions: numberedActions(state), calls: error.failure.callSites ?? [] } : undefined;
  }
}

/** A file as shown in messages: relative to `base` (the current folder) when it lies inside it. */
export function displayFile(file: string, base = process.cwd()): string {
  const relative = path.relative(base, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

function position(frame: SourceFrame, base?: string): SourcePosition {
  return { file: displayFile(frame.file, base), line: frame.line, column: frame.column };
}

/** The code location of a captured call, with files shown relative to `base`. */
export function codeLocation(call: CapturedCall, base?: string): CodeLocation | undefined {
  if (!call.at) return undefined;
  const at = position(call.at, base);
  return { method: call.method, at, frames: call.frames.map((f) => (f === call.at ? at : position(f, base))) };
}

/**
 * The divergence with the source line of its call: the diverging call, or (when the recorded call is
 * gone) the last durable call the code still made, which is where it went another way.
 */
export function withCallSite(divergence: ReplayDivergence, sites: ReplayCallSites | undefined, base?: string): ReplayDivergence {
  if (!sites) return divergence;
  let call: CapturedCall | undefined;
  if (divergence.current) {
    const tag = sites.actions[divergence.position]?.callSite;
    call = tag === undefined ? undefined : sites.calls[tag];
  } else {
    call = sites.calls[sites.calls.length - 1];
  }
  const location = call && codeLocation(call, base);
  if (!location) return divergence;
  return { ...divergence, callSite: location, ...(divergence.current ? {} : { callSiteIsPrevious: true }) };
}
