import type { HostLogger } from '../../logging/HostLogger';
import type { AppFunctions } from '../../worker/AppFunctions';
import { type Invoker, isShutdown } from '../../worker/Invoker';
import type { Clock } from '../../clock/Clock';
import type { EntityRequest } from '../model/EntityRequest';
import type { EntityAddress } from '../model/entityId';
import { type EntityBatchResult, decodeEntityBatch, encodeEntityBatch } from '../protocol/entityPayload';
import { EntityBatchState } from '../runtime/EntityBatchState';
import type { EntityWorkItem, Store } from '../store/Store';
import { StoreLostError } from '../model/errors';
import { StoreHealth } from './StoreHealth';
import { childSpan } from '../../tracing/traceContext';
import type { DurableFunctions } from './DurableFunctions';
import { type EngineParts, type WorkEffects, messageEffects } from './EngineParts';
import type { LifecycleLog } from './LifecycleLog';

/**
 * Runs entity operations through the entity trigger, one batch at a time per entity, in arrival
 * order, honouring locks held by orchestrations (runtime/EntityBatchState). State, responses,
 * signals and the consumed messages commit in one transaction; an operation that throws leaves the
 * state as it was.
 */
export class EntityProcessor {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly functions: AppFunctions;
  private readonly invoker: Invoker;
  private readonly logger: HostLogger;
  private readonly health: StoreHealth;
  private readonly catalog: DurableFunctions;
  private readonly lifecycle: LifecycleLog;

  constructor(
    parts: EngineParts,
    private readonly batchSize: number,
  ) {
    ({ store: this.store, clock: this.clock, functions: this.functions, invoker: this.invoker, logger: this.logger, health: this.health } = parts);
    ({ catalog: this.catalog, lifecycle: this.lifecycle } = parts);
  }

  /** How many messages one fetch takes: room for lock traffic beside a full batch of operations. */
  get messageLimit(): number {
    return this.batchSize * 2;
  }

  async process(first: EntityWorkItem): Promise<WorkEffects> {
    const effects: WorkEffects = {};
    let item: EntityWorkItem | undefined = first;
    // Requests freed by a lock release may be left over when a batch is full: keep going until none are.
    while (item) {
      const now = this.clock.now();
      let batch: EntityBatchState;
      try {
        batch = new EntityBatchState(item.entityId, item.entity, item.messages, now, this.batchSize, (id) => this.store.getInstance(id)?.status);
        if (batch.operations.length) {
          const started = Date.now();
          const result = await this.runOperations(batch.address, batch.currentExists, batch.currentState, batch.operations);
          if (this.lifecycle.enabled('information')) this.logOperations(batch.address, batch.operations, result, Date.now() - started);
          batch.applyResult(result);
        }
      } catch (error) {
        this.store.abandonEntityWorkItem(item);
        throw error;
      }
      for (const line of batch.failedSignals) this.logger.warn('Host.Durable.Entity', line);
      const changes = batch.changes();
      const outcome = this.store.completeEntityWorkItem(item, changes);
      this.health.succeeded();
      if (outcome === 'stale') return { ...effects, entities: true };
      messageEffects(changes.messages, now, effects);
      item = batch.more ? this.store.fetchEntityWorkItem(item.entityId, this.clock.now(), this.messageLimit) : undefined;
    }
    return effects;
  }

  /**
   * Runs the operations in one invocation. The SDK keeps state changes of an operation that threw,
   * so after a failure the operations before it run again alone, and the ones after it start from
   * that state: the failed operation's changes and signals are dropped.
   */
  private async runOperations(address: EntityAddress, exists: boolean, state: string | null, requests: EntityRequest[]): Promise<EntityBatchResult> {
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

  private logOperations(address: EntityAddress, requests: EntityRequest[], result: EntityBatchResult, durationMs: number): void {
    const entityId = `@${address.name}@${address.key}`;
    const name = this.catalog.get('entity', address.name)?.name ?? address.name;
    requests.forEach((request, i) => {
      const outcome = result.results[i];
      if (outcome?.isError) this.lifecycle.operationFailed(entityId, name, request.op ?? '', request.id, durationMs, outcome.result ?? '', request.input);
      else this.lifecycle.operationCompleted(entityId, name, request.op ?? '', request.id, durationMs, request.input, outcome?.result);
    });
  }

  private async invokeEntity(address: EntityAddress, exists: boolean, state: string | null, requests: EntityRequest[]): Promise<EntityBatchResult> {
    const fn = this.catalog.get('entity', address.name);
    const failAll = (message: string): EntityBatchResult => ({
      exists,
      state,
      results: requests.map(() => ({ isError: true, result: JSON.stringify(message) })),
      signals: [],
    });
    if (!fn) return failAll(`The entity function '${address.name}' doesn't exist.`);
    try {
      // A batch serves many callers; it runs in the trace of the first that sent one.
      const caller = requests.find((r) => r.traceParent)?.traceParent;
      const response = await this.invoker.invoke(fn, {
        inputData: [{ name: fn.triggerName, data: { json: encodeEntityBatch(address, exists, state, requests) } }],
        traceContext: childSpan(caller ? { traceParent: caller } : undefined),
      });
      const decoded = decodeEntityBatch(response.returnValue, requests.length);
      if ('mismatch' in decoded) return failAll(`The entity function '${fn.name}' answered ${decoded.mismatch} results for ${requests.length} operations.`);
      return decoded;
    } catch (error) {
      if (StoreHealth.isUnavailable(error) || error instanceof StoreLostError || isShutdown(error)) throw error;
      const message = `The entity function '${fn.name}' failed: ${(error as Error)?.message ?? error}`;
      this.logger.error(`Function.${fn.name}`, message);
      return failAll(message);
    }
  }
}
