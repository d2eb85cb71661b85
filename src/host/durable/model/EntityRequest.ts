/** A message to an entity: an operation (call or signal), a lock request, or a lock release. */
export interface EntityRequest {
  id: string;
  /** The operation; null for lock requests and releases. */
  op: string | null;
  signal: boolean;
  /** The operation's input as JSON text. */
  input?: string;
  /** The orchestration that sent it, if one did. */
  parent?: string | null;
  parentExecution?: string | null;
  /** A lock request: the entities to lock, in order, and which one this message is at. */
  lockset?: string[];
  pos?: number;
  release?: boolean;
  /** The trace of the caller that sent it (a client's traceparent). */
  traceParent?: string;
}

export function isLockRequest(request: EntityRequest): boolean {
  return Array.isArray(request.lockset);
}
