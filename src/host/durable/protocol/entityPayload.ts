import type { EntityRequest } from '../model/EntityRequest';
import type { EntityAddress } from '../model/entityId';
import { typedDataToJson, type TypedData } from '../../worker/typedData';

/** One operation's outcome as the entity trigger answers it (durable-protocol.md section 5). */
export interface OperationResult {
  isError: boolean;
  result?: string;
}

export interface EntitySignal {
  target: { name: string; key: string };
  name: string;
  input?: string;
}

export interface EntityBatchResult {
  exists: boolean;
  state: string | null;
  results: OperationResult[];
  signals: EntitySignal[];
}

/** The entity trigger's payload for a batch of operations. */
export function encodeEntityBatch(address: EntityAddress, exists: boolean, state: string | null, requests: readonly EntityRequest[]): string {
  return JSON.stringify({
    self: { name: address.name, key: address.key },
    exists,
    state: state ?? undefined,
    batch: requests.map((r) => ({ id: r.id, name: r.op, input: r.input, isSignal: r.signal })),
  });
}

/** The entity trigger's answer; undefined when it does not hold one result per operation. */
export function decodeEntityBatch(returnValue: TypedData | null | undefined, operations: number): EntityBatchResult | { mismatch: number } {
  const json = typedDataToJson(returnValue);
  const out = (json ? JSON.parse(json) : {}) as { entityExists?: boolean; entityState?: string; results?: OperationResult[]; signals?: EntitySignal[] };
  const results = out.results ?? [];
  if (results.length !== operations) return { mismatch: results.length };
  return { exists: out.entityExists === true, state: out.entityState ?? null, results, signals: out.signals ?? [] };
}

/** Turns an operation's error result into the message its caller sees. */
export function operationErrorMessage(result: string | undefined, op: string, entityId: string): string {
  try {
    const value = result === undefined ? undefined : (JSON.parse(result) as unknown);
    if (typeof value === 'string' && value) return value;
    if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') return (value as { message: string }).message;
  } catch {
    // fall through
  }
  return `Operation '${op}' on entity '${entityId}' failed.`;
}
