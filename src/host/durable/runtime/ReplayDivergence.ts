import { EventType, type HistoryEvent } from '../model/history';
import { ActionType, type OrchestratorAction, actionInputJson } from '../protocol/actions';

/** A durable call as the history recorded it. */
export interface RecordedCall {
  /** The history event's type: `TaskScheduled`, `TimerCreated`, `SubOrchestrationInstanceCreated`, `EventSent`. */
  kind: string;
  name?: string;
  /** JSON text, as recorded. */
  input?: string | null;
  fireAt?: string;
  /** A sub-orchestration's instance id, or the entity an event was sent to. */
  instanceId?: string;
  eventId: number;
}

/** A durable call as the orchestrator makes it now. */
export interface CurrentCall {
  /** The action's type: `CallActivity`, `CreateTimer`, `CallSubOrchestrator`, ... */
  kind: string;
  name?: string;
  input?: string | null;
  fireAt?: string;
  instanceId?: string;
}

/** A place in the app's source (the original TypeScript when the app has source maps). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Where the orchestrator makes a durable call: the line to look at, and the app's frames around it. */
export interface CodeLocation {
  /** The durable context's method that was called (callActivity, createTimer, ...). */
  method?: string;
  at: SourcePosition;
  /** The app's own frames of that call, innermost first (helpers such as typed references included). */
  frames: SourcePosition[];
}

/** Where a replay and its history part: the first recorded call the orchestrator no longer makes the same way. */
export interface ReplayDivergence {
  /** The orchestrator's durable call at which they part, counted from 0 in the order the SDK numbers them. */
  position: number;
  /** The index of the recorded event in the history. */
  historyIndex: number;
  recorded: RecordedCall;
  /** What the orchestrator does at that position now; undefined when it no longer makes a call there. */
  current?: CurrentCall;
  /** The timer is the same call but fires at another time. */
  timerMoved?: boolean;
  /** The source line of the diverging call (or, when the call is gone, of the last call still made); set once it was looked up. */
  callSite?: CodeLocation;
  /** Set when `current` is undefined: the call site is the last durable call the code still made. */
  callSiteIsPrevious?: boolean;
}

export function recordedCall(event: HistoryEvent): RecordedCall {
  const call: RecordedCall = { kind: EventType[event.EventType] ?? `event type ${event.EventType}`, eventId: event.EventId };
  if (event.EventType === EventType.EventSent) {
    const request = parseEntityRequest(event.Input);
    if (request?.op) call.name = request.op;
    if (event.InstanceId) call.instanceId = event.InstanceId;
    if (request && request.input !== undefined) call.input = typeof request.input === 'string' ? request.input : JSON.stringify(request.input);
    return call;
  }
  if (event.Name) call.name = event.Name;
  if (event.Input !== undefined) call.input = event.Input;
  if (event.EventType === EventType.TimerCreated) {
    const final = event.Host?.longTimer?.finalFireAt;
    call.fireAt = final !== undefined ? new Date(final).toISOString() : event.FireAt;
  }
  if (event.EventType === EventType.SubOrchestrationInstanceCreated && event.InstanceId) call.instanceId = event.InstanceId;
  return call;
}

export function currentCall(action: OrchestratorAction): CurrentCall {
  const call: CurrentCall = { kind: ActionType[action.actionType] ?? `action type ${action.actionType}` };
  if (action.functionName) call.name = action.functionName;
  if (action.operation) call.name = action.operation;
  if (action.actionType === ActionType.LockEntities) call.name = 'lock';
  if (action.actionType === ActionType.ReleaseEntities) call.name = 'release';
  const input = actionInputJson(action);
  if (input !== null) call.input = input;
  if (action.fireAt) call.fireAt = action.fireAt;
  if (action.instanceId) call.instanceId = action.instanceId;
  if (action.releaseTarget) call.instanceId = `@${action.releaseTarget.name.toLowerCase()}@${action.releaseTarget.key}`;
  return call;
}

function parseEntityRequest(input: string | null | undefined): { op?: string | null; input?: unknown } | undefined {
  if (!input) return undefined;
  try {
    return JSON.parse(input) as { op?: string | null; input?: unknown };
  } catch {
    return undefined;
  }
}

function describeCall(call: RecordedCall | CurrentCall): string {
  let text = call.kind;
  if (call.name) text += ` '${call.name}'`;
  if (call.fireAt) text += ` firing at ${call.fireAt}`;
  return text;
}

const INPUT_SHOWN_CHARS = 200;

function shortInput(input: string | null | undefined): string {
  if (input === undefined) return '';
  const text = input === null ? 'null' : input;
  return text.length > INPUT_SHOWN_CHARS ? `${text.slice(0, INPUT_SHOWN_CHARS)}…` : text;
}

export function describeSourcePosition(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}

/** The call site as one line of text: the line to look at, then the app's other frames of that call. */
export function describeCodeLocation(location: CodeLocation): string {
  const others = location.frames.filter((f) => f !== location.at && describeSourcePosition(f) !== describeSourcePosition(location.at));
  const through = others.length ? ` (through ${others.slice(0, 3).map(describeSourcePosition).join(', ')})` : '';
  return `${describeSourcePosition(location.at)}${through}`;
}

/**
 * The non-determinism message the host, the test environment and `verify` all give: the position,
 * what the history holds, what the code does now, and the source line of that call.
 */
export function describeDivergence(divergence: ReplayDivergence): string {
  const { position, recorded, current, callSite } = divergence;
  const where = `at position ${position} the history has ${describeCall(recorded)}`;
  let text: string;
  if (current) {
    text = `Non-deterministic workflow detected: ${where}, but the orchestrator now schedules ${describeCall(current)}`;
    if (callSite) text += ` at ${describeCodeLocation(callSite)}`;
    text += '.';
  } else {
    text = `Non-deterministic workflow detected: ${where}, but the orchestrator no longer schedules it`;
    if (callSite) text += ` (its last durable call is ${callSite.method ?? 'a call'} at ${describeCodeLocation(callSite)})`;
    text += '.';
  }
  const details = [`history event ${divergence.historyIndex}, EventId ${recorded.eventId}`];
  if (recorded.input !== undefined) details.push(`recorded input ${shortInput(recorded.input)}`);
  if (current && current.input !== undefined && current.input !== recorded.input) details.push(`input now ${shortInput(current.input)}`);
  return `${text} (${details.join('; ')}) An orchestrator must make the same calls, in the same order, on every replay.`;
}
