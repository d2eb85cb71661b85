import type { RetryOptions } from '../history';

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
}

/** What an orchestrator function returns, or carries in its error after `$OutOfProcData$:`. */
export interface OrchestratorState {
  isDone: boolean;
  actions: OrchestratorAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion?: number;
}

/**
 * The actions in the order the SDK numbered them, compound actions opened up. Waiting for an
 * external event takes no number, so it is left out.
 */
export function numberedActions(state: OrchestratorState): OrchestratorAction[] {
  const out: OrchestratorAction[] = [];
  const visit = (action: OrchestratorAction) => {
    if (action.actionType === ActionType.WhenAll || action.actionType === ActionType.WhenAny) {
      for (const child of action.compoundActions ?? []) visit(child);
    } else if (action.actionType !== ActionType.WaitForExternalEvent && action.actionType !== ActionType.ContinueAsNew) {
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
