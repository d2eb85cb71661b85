import { EventType, type HistoryEvent, type RetryOptions } from '../model/history';
import type { DurableHttpRequest } from './durableHttp';

/** The actions an orchestrator returns (durable-protocol.md section 4). */
export enum ActionType {
  CallActivity = 0,
  CallActivityWithRetry = 1,
  CallSubOrchestrator = 2,
  CallSubOrchestratorWithRetry = 3,
  ContinueAsNew = 4,
  CreateTimer = 5,
  WaitForExternalEvent = 6,
  CallEntity = 7,
  CallHttp = 8,
  SignalEntity = 9,
  WhenAny = 11,
  WhenAll = 12,
  LockEntities = 13,
  ReleaseEntities = 14,
}

export interface OrchestratorAction {
  actionType: ActionType;
  functionName?: string;
  input?: unknown;
  retryOptions?: RetryOptions;
  instanceId?: string;
  version?: string;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: OrchestratorAction[];
  operation?: string;
  lockRequestId?: string;
  lockSet?: { name: string; key: string }[];
  /** CallHttp: the request to make. */
  httpRequest?: DurableHttpRequest;
  /** Set by the host on each entity a ReleaseEntities action releases (it takes a number per entity). */
  releaseTarget?: { name: string; key: string };
  /** With call-site capture: the index of the call that made this action among the invocation's `callSites`. */
  callSite?: number;
}

/** What an orchestrator function returns, or carries in its error after `$OutOfProcData$:`. */
export interface OrchestratorState {
  isDone: boolean;
  actions: OrchestratorAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  /** Set when the orchestrator failed with a TaskFailedError it did not catch (PascalCase FailureDetails). */
  failureDetails?: unknown;
  schemaVersion?: number;
}

/**
 * The actions in the order the SDK numbered them, compound actions opened up. Waiting for an
 * external event takes no number, so it is left out.
 */
export function numberedActions(state: OrchestratorState): OrchestratorAction[] {
  const out: OrchestratorAction[] = [];
  let lockSet: { name: string; key: string }[] = [];
  const visit = (action: OrchestratorAction) => {
    if (action.actionType === ActionType.WhenAll || action.actionType === ActionType.WhenAny) {
      for (const child of action.compoundActions ?? []) visit(child);
    } else if (action.actionType === ActionType.ReleaseEntities) {
      // A release carries no lock set; it releases what the last lock took, one number per entity.
      for (const target of lockSet) out.push({ ...action, releaseTarget: target });
    } else if (action.actionType !== ActionType.WaitForExternalEvent && action.actionType !== ActionType.ContinueAsNew) {
      if (action.actionType === ActionType.LockEntities) lockSet = action.lockSet ?? [];
      out.push(action);
    }
  };
  for (const group of state.actions ?? []) for (const action of group ?? []) visit(action);
  return out;
}

export function findContinueAsNew(state: OrchestratorState): OrchestratorAction | undefined {
  for (const group of state.actions ?? []) {
    for (const action of group ?? []) if (action.actionType === ActionType.ContinueAsNew) return action;
  }
  return undefined;
}

export function describeAction(action: OrchestratorAction): string {
  const kind = ActionType[action.actionType] ?? `action type ${action.actionType}`;
  return action.functionName ? `${kind} '${action.functionName}'` : kind;
}

/**
 * The external events of an execution that no wait took: the SDK hands events of one name to its
 * waits in arrival order, so per name the last (events - waits) are the ones left over.
 */
export function unconsumedEvents(state: OrchestratorState, history: HistoryEvent[]): HistoryEvent[] {
  const waits = new Map<string, number>();
  const visit = (action: OrchestratorAction) => {
    if (action.actionType === ActionType.WaitForExternalEvent && action.externalEventName) {
      waits.set(action.externalEventName, (waits.get(action.externalEventName) ?? 0) + 1);
    }
    for (const child of action.compoundActions ?? []) visit(child);
  };
  for (const group of state.actions ?? []) for (const action of group ?? []) visit(action);
  const byName = new Map<string, HistoryEvent[]>();
  for (const e of history) {
    if (e.EventType !== EventType.EventRaised || !e.Name) continue;
    const list = byName.get(e.Name) ?? [];
    list.push(e);
    byName.set(e.Name, list);
  }
  const left: HistoryEvent[] = [];
  for (const [name, events] of byName) left.push(...events.slice(Math.min(events.length, waits.get(name) ?? 0)));
  return left.sort((a, b) => Date.parse(a.Timestamp) - Date.parse(b.Timestamp));
}

/**
 * The JSON text of an action's input. The SDK serializes string inputs of activities and of
 * continue-as-new itself (so they arrive as JSON text); every other input is a plain value.
 */
export function actionInputJson(action: OrchestratorAction): string | null {
  if (action.input === undefined) return null;
  const preSerialized =
    action.actionType === ActionType.CallActivity || action.actionType === ActionType.CallActivityWithRetry || action.actionType === ActionType.ContinueAsNew;
  return preSerialized && typeof action.input === 'string' ? action.input : JSON.stringify(action.input);
}
