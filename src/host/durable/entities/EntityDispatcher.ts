import { randomUUID } from 'node:crypto';
import type { HostLogger } from '../../logging/HostLogger';
import type { AppFunctions, TriggeredFunction } from '../../worker/AppFunctions';
import type { FunctionInvoker } from '../../worker/FunctionInvoker';
import { typedDataToJson } from '../../worker/typedData';
import type { Clock } from '../Clock';
import { EventType, historyEvent } from '../history';
import { type EntityRecord, type NewMessage, type Store, isTerminal } from '../store/Store';
import { type EntityRequest, isLockRequest } from './EntityRequest';
import type { EngineParts } from '../engine/EngineParts';
import { type EntityAddress, entitySchedulerId, parseEntitySchedulerId } from './entityId';

interface OperationResult {
  isError: boolean;
  result?: string;
}

interface EntitySignal {
  target: { name: string; key: string };
  name: string;
  input?: string;
}

interface BatchOutcome {
  exists: boolean;
  state: string | null;
  results: OperationResult[];
  signals: EntitySignal[];
}

/** What an entity batch committed, so the engine knows whom to wake. */
export interface EntityEffects {
  messagesSent: boolean;
}

interface PendingItem {
  request: EntityRequest;
  /** The inbox message it came in, until it is consumed. */
  messageId?: number;
}

/** Turns an operation's error result into the message its caller sees. */
function errorMessage(result: string | undefined, op: string, entityId: string): string {
  try {
    const value = result === undefined ? undefined : (JSON.parse(result) as unknown);
    if (typeof value === 'string' && value) return value;
    if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') return (value as { message: string }).message;
  } catch {
    // fall through
  }
  return `Operation '${op}' on entity '${entityId}' failed.`;
}

/**
 * Runs entity operations through the entity trigger, one batch at a time per entity, in arrival
 * order, honouring locks held by orchestrations. State, responses, signals and the consumed
 * messages commit in one transaction; an operation that throws leaves the state as it was.
 */
export class EntityDispatcher {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly functions: AppFunctions;
  private readonly invoker: FunctionInvoker;
  private readonly logger: HostLogger;

  constructor(
    parts: EngineParts,
    private readonly batchSize: number,
  ) {
    ({ store: this.store, clock: this.clock, functions: this.functions, invoker: this.invoker, logger: this.logger } = parts);
  }

  async run(entityId: string): Promise<EntityEffects> {
    let messagesSent = false;
    // Requests freed by a lock release may be left over when a batch is full: keep going until none are.
    for (;;) {
      const outcome = await this.runBatch(entityId);
      messagesSent ||= outcome.messagesSent;
      if (!outcome.more) return { messagesSent };
    }
  }

  private async runBatch(entityId: string): Promise<{ messagesSent: boolean; more: boolean }> {
    const now = this.clock.now();
    const address = parseEntitySchedulerId(entityId)!;
    const work = this.store.loadEntityWorkItem(entityId, now, this.batchSize * 2);
    const record: EntityRecord = work.entity ?? {
      entityId,
      name: address.name,
      key: address.key,
      exists: false,
      state: null,
      lockOwner: null,
      queue: [],
      lastModified: now,
    };
    const consumed: number[] = [];
    const outgoing: NewMessage[] = [];
    const batch: EntityRequest[] = [];
    let deferred: EntityRequest[] = [];
    let lockOwner = record.lockOwner;
    let remaining: PendingItem[] = [
      ...record.queue.map((request) => ({ request })),
      ...work.messages.map((m) => ({ request: JSON.parse(m.event.Input ?? '{}') as EntityRequest, messageId: m.id })),
    ];

    let i = 0;
    while (i < remaining.length && batch.length < this.batchSize) {
      const item = remaining[i++];
      if (item.messageId !== undefined) {
        consumed.push(item.messageId);
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
        if (this.grantLock(request, outgoing, now)) lockOwner = request.parent ?? null;
        continue;
      }
      batch.push(request);
    }
    const leftover = remaining.slice(i);
    const queue = [...deferred, ...leftover.filter((item) => item.messageId === undefined).map((item) => item.request)];

    let exists = record.exists;
    let state = record.state;
    if (batch.length) {
      const outcome = await this.runOperations(address, exists, state, batch);
      exists = outcome.exists;
      state = outcome.state;
      batch.forEach((request, n) => this.respond(request, outcome.results[n], entityId, outgoing, now));
      for (const signal of outcome.signals) {
        const target = entitySchedulerId(signal.target.name, signal.target.key);
        const forwarded: EntityRequest = { id: randomUUID(), op: signal.name, signal: true, input: signal.input || undefined, parent: null };
        outgoing.push(this.entityMessage(target, forwarded, now));
      }
    }

    const keep = exists || lockOwner !== null || queue.length > 0;
    this.store.commitEntityBatch({
      entityId,
      consumedMessageIds: consumed,
      entity: keep ? { ...record, exists, state: exists ? state : null, lockOwner, queue, lastModified: batch.length ? now : record.lastModified } : null,
      messages: outgoing,
    });
    return { messagesSent: outgoing.length > 0, more: leftover.length > 0 };
  }

  /** Locks this entity for the requesting orchestration and passes the request on, or answers it. */
  private grantLock(request: EntityRequest, outgoing: NewMessage[], now: number): boolean {
    const owner = request.parent ? this.store.getInstance(request.parent) : undefined;
    // An orchestration that ended while its lock request travelled must not hold a lock forever.
    if (!owner || isTerminal(owner.status)) return false;
    const next = (request.pos ?? 0) + 1;
    const lockset = request.lockset ?? [];
    if (next < lockset.length) {
      outgoing.push(this.entityMessage(lockset[next], { ...request, pos: next }, now));
    } else {
      outgoing.push({
        instanceId: request.parent!,
        executionId: request.parentExecution ?? null,
        event: historyEvent(EventType.EventRaised, now, { Name: request.id, Input: JSON.stringify({ result: JSON.stringify('Lock Acquisition Completed') }) }),
        visibleAt: now,
      });
    }
    return true;
  }

  private respond(request: EntityRequest, result: OperationResult, entityId: string, outgoing: NewMessage[], now: number): void {
    if (request.signal || !request.parent) {
      if (result.isError) this.logger.warn('Host.Durable.Entity', `Signal '${request.op}' to ${entityId} failed: ${errorMessage(result.result, request.op ?? '', entityId)}`);
      return;
    }
    const response = result.isError
      ? { result: JSON.stringify(errorMessage(result.result, request.op ?? '', entityId)), exceptionType: 'Error' }
      : result.result === undefined
        ? {}
        : { result: result.result };
    outgoing.push({
      instanceId: request.parent,
      executionId: request.parentExecution ?? null,
      event: historyEvent(EventType.EventRaised, now, { Name: request.id, Input: JSON.stringify(response) }),
      visibleAt: now,
    });
  }

  private entityMessage(entityId: string, request: EntityRequest, now: number): NewMessage {
    return { instanceId: entityId, executionId: null, event: historyEvent(EventType.EventRaised, now, { Name: 'op', Input: JSON.stringify(request) }), visibleAt: now };
  }

  /**
   * Runs the operations in one invocation. The SDK keeps state changes of an operation that threw,
   * so after a failure the operations before it run again alone, and the ones after it start from
   * that state: the failed operation's changes and signals are dropped.
   */
  private async runOperations(address: EntityAddress, exists: boolean, state: string | null, requests: EntityRequest[]): Promise<BatchOutcome> {
    const outcome = await this.invokeEntity(address, exists, state, requests);
    const failed = outcome.results.findIndex((r) => r.isError);
    if (failed < 0) return outcome;
    const before = failed > 0 ? await this.runOperations(address, exists, state, requests.slice(0, failed)) : { exists, state, results: [], signals: [] };
    const after =
      failed + 1 < requests.length
        ? await this.runOperations(address, before.exists, before.state, requests.slice(failed + 1))
        : { exists: before.exists, state: before.state, results: [], signals: [] };
    return {
      exists: after.exists,
      state: after.state,
      results: [...before.results, outcome.results[failed], ...after.results],
      signals: [...before.signals, ...after.signals],
    };
  }

  private async invokeEntity(address: EntityAddress, exists: boolean, state: string | null, requests: EntityRequest[]): Promise<BatchOutcome> {
    const fn: TriggeredFunction | undefined = this.functions.withTrigger(address.name, 'entityTrigger');
    const failAll = (message: string): BatchOutcome => ({
      exists,
      state,
      results: requests.map(() => ({ isError: true, result: JSON.stringify(message) })),
      signals: [],
    });
    if (!fn) return failAll(`The entity function '${address.name}' doesn't exist.`);
    const payload = JSON.stringify({
      self: { name: address.name, key: address.key },
      exists,
      state: state ?? undefined,
      batch: requests.map((r) => ({ id: r.id, name: r.op, input: r.input, isSignal: r.signal })),
    });
    try {
      const response = await this.invoker.invoke(fn, { inputData: [{ name: fn.triggerName, data: { json: payload } }] });
      const json = typedDataToJson(response.returnValue);
      const out = (json ? JSON.parse(json) : {}) as { entityExists?: boolean; entityState?: string; results?: OperationResult[]; signals?: EntitySignal[] };
      const results = out.results ?? [];
      if (results.length !== requests.length) return failAll(`The entity function '${fn.name}' answered ${results.length} results for ${requests.length} operations.`);
      return { exists: out.entityExists === true, state: out.entityState ?? null, results, signals: out.signals ?? [] };
    } catch (error) {
      const message = `The entity function '${fn.name}' failed: ${(error as Error)?.message ?? error}`;
      this.logger.error(`Function.${fn.name}`, message);
      return failAll(message);
    }
  }
}
