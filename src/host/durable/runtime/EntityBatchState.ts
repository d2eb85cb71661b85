import { randomUUID } from 'node:crypto';
import { type EntityRequest, isLockRequest } from '../model/EntityRequest';
import { type EntityAddress, entitySchedulerId, parseEntitySchedulerId } from '../model/entityId';
import { EventType, historyEvent } from '../model/history';
import type { RuntimeStatus } from '../model/instance';
import { isTerminal } from '../model/instance';
import { type EntityBatchResult, type OperationResult, operationErrorMessage } from '../protocol/entityPayload';
import type { EntityChanges, EntityRecord, InboxMessage, NewMessage } from '../store/Store';

interface PendingItem {
  request: EntityRequest;
  /** The inbox message it came in, until it is consumed. */
  messageId?: number;
}

/**
 * One batch of an entity as pure state: its record and new messages go in; lock requests and
 * releases are scheduled (requests from others wait while an orchestration holds the lock); the
 * operations to run come out; their results become responses to callers and signals to entities.
 */
export class EntityBatchState {
  readonly address: EntityAddress;
  readonly operations: EntityRequest[] = [];
  private readonly record: EntityRecord;
  private readonly consumed: number[] = [];
  private readonly outgoing: NewMessage[] = [];
  private readonly queue: EntityRequest[];
  private lockOwner: string | null;
  private exists: boolean;
  private state: string | null;
  /** Requests were left for the next batch. */
  readonly more: boolean;
  /** Failed signals, for the log: nobody else hears of them. */
  readonly failedSignals: string[] = [];

  constructor(
    readonly entityId: string,
    entity: EntityRecord | undefined,
    messages: readonly InboxMessage[],
    readonly now: number,
    batchSize: number,
    instanceStatus: (instanceId: string) => RuntimeStatus | undefined,
  ) {
    this.address = parseEntitySchedulerId(entityId)!;
    this.record = entity ?? { entityId, name: this.address.name, key: this.address.key, exists: false, state: null, lockOwner: null, queue: [], lastModified: now };
    this.exists = this.record.exists;
    this.state = this.record.state;
    let lockOwner = this.record.lockOwner;
    let deferred: EntityRequest[] = [];
    let remaining: PendingItem[] = [
      ...this.record.queue.map((request) => ({ request })),
      ...messages.map((m) => ({ request: JSON.parse(m.event.Input ?? '{}') as EntityRequest, messageId: m.id })),
    ];
    let i = 0;
    while (i < remaining.length && this.operations.length < batchSize) {
      const item = remaining[i++];
      if (item.messageId !== undefined) {
        this.consumed.push(item.messageId);
        item.messageId = undefined;
      }
      const request = item.request;
      if (request.release) {
        if (lockOwner !== null && lockOwner === request.parent) {
          lockOwner = null;
          // What waited for the lock goes first, in the order it came.
          remaining = [...deferred.map((r) => ({ request: r })), ...remaining.slice(i)];
          deferred = [];
          i = 0;
        }
        continue;
      }
      if (lockOwner !== null && request.parent !== lockOwner) {
        deferred.push(request);
        continue;
      }
      if (isLockRequest(request)) {
        const ownerStatus = request.parent ? instanceStatus(request.parent) : undefined;
        // An orchestration that ended while its lock request travelled must not hold a lock for ever.
        if (ownerStatus !== undefined && !isTerminal(ownerStatus)) {
          this.grantLock(request);
          lockOwner = request.parent ?? null;
        }
        continue;
      }
      this.operations.push(request);
    }
    const leftover = remaining.slice(i);
    this.queue = [...deferred, ...leftover.filter((item) => item.messageId === undefined).map((item) => item.request)];
    this.lockOwner = lockOwner;
    this.more = leftover.length > 0;
  }

  get currentExists(): boolean {
    return this.exists;
  }

  get currentState(): string | null {
    return this.state;
  }

  /** Applies the outcome of running `operations`: new state, responses to callers, signals to other entities. */
  applyResult(outcome: EntityBatchResult): void {
    this.exists = outcome.exists;
    this.state = outcome.state;
    this.operations.forEach((request, n) => this.respond(request, outcome.results[n]));
    for (const signal of outcome.signals) {
      const target = entitySchedulerId(signal.target.name, signal.target.key);
      const forwarded: EntityRequest = { id: randomUUID(), op: signal.name, signal: true, input: signal.input || undefined, parent: null };
      this.outgoing.push(entityMessage(target, forwarded, this.now));
    }
  }

  changes(): EntityChanges {
    const keep = this.exists || this.lockOwner !== null || this.queue.length > 0;
    return {
      consumedMessageIds: this.consumed,
      entity: keep
        ? {
            ...this.record,
            exists: this.exists,
            state: this.exists ? this.state : null,
            lockOwner: this.lockOwner,
            queue: this.queue,
            lastModified: this.operations.length ? this.now : this.record.lastModified,
          }
        : null,
      messages: this.outgoing,
    };
  }

  /** Passes a lock request on to the next entity of its set, or tells the orchestration it holds them all. */
  private grantLock(request: EntityRequest): void {
    const next = (request.pos ?? 0) + 1;
    const lockset = request.lockset ?? [];
    if (next < lockset.length) {
      this.outgoing.push(entityMessage(lockset[next], { ...request, pos: next }, this.now));
      return;
    }
    this.outgoing.push({
      instanceId: request.parent!,
      executionId: request.parentExecution ?? null,
      event: historyEvent(EventType.EventRaised, this.now, { Name: request.id, Input: JSON.stringify({ result: JSON.stringify('Lock Acquisition Completed') }) }),
      visibleAt: this.now,
    });
  }

  private respond(request: EntityRequest, result: OperationResult): void {
    if (request.signal || !request.parent) {
      if (result.isError) this.failedSignals.push(`Signal '${request.op}' to ${this.entityId} failed: ${operationErrorMessage(result.result, request.op ?? '', this.entityId)}`);
      return;
    }
    const response = result.isError
      ? { result: JSON.stringify(operationErrorMessage(result.result, request.op ?? '', this.entityId)), exceptionType: 'Error' }
      : result.result === undefined
        ? {}
        : { result: result.result };
    this.outgoing.push({
      instanceId: request.parent,
      executionId: request.parentExecution ?? null,
      event: historyEvent(EventType.EventRaised, this.now, { Name: request.id, Input: JSON.stringify(response) }),
      visibleAt: this.now,
    });
  }
}

export function entityMessage(entityId: string, request: EntityRequest, now: number): NewMessage {
  return { instanceId: entityId, executionId: null, event: historyEvent(EventType.EventRaised, now, { Name: 'op', Input: JSON.stringify(request) }), visibleAt: now };
}
