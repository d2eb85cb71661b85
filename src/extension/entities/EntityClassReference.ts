import * as df from 'durable-functions';
import type { DurableClient, EntityContext, EntityStateResponse, OrchestrationContext, Task } from 'durable-functions';
import { DurableEntity } from './DurableEntity';
import { entityClassHandler } from './entityClassHandler';
import { DELETE_OPERATION, declaresDeleteMethod } from './entityOperations';
import type { EntityOperationInput, EntityOperationName, EntityOperationResult, EntityStateOf } from './EntityOperationTypes';
import { urlSafeClient } from '../ids/urlSafeClient';

/** One entity, addressed from a durable client: operations and state are checked against the entity class. */
export interface EntityClientProxy<E extends DurableEntity<any>> {
  readonly entityId: df.EntityId;
  /** Queues the operation without waiting for it, as `client.signalEntity` does. */
  signal<K extends EntityOperationName<E>>(operation: K, ...input: EntityOperationInput<E, K>): Promise<void>;
  /** The stored state; `entityExists` is false for an entity that never existed or was deleted. */
  readState(): Promise<EntityStateResponse<EntityStateOf<E>>>;
}

/**
 * A registered class-based entity. Clients and orchestrations address its instances by key, and a
 * misspelt operation, a wrong input or a misused result is a compile error.
 */
export interface EntityClassReference<E extends DurableEntity<any>> {
  readonly name: string;
  /** The registered entity function, for running operations directly in unit tests. */
  readonly handler: (context: EntityContext<EntityStateOf<E>>) => Promise<void>;
  entityId(key: string): df.EntityId;
  /** Use as `await Cart.client(client, key).signal('addItem', item)`. */
  client(client: DurableClient, key: string): EntityClientProxy<E>;
  readState(client: DurableClient, key: string): Promise<EntityStateResponse<EntityStateOf<E>>>;
  /** From an orchestration: use as `const result = yield* Cart.call(context, key, 'getCart')`. */
  call<K extends EntityOperationName<E>>(
    context: OrchestrationContext,
    key: string,
    operation: K,
    ...input: EntityOperationInput<E, K>
  ): Generator<Task, EntityOperationResult<E, K>, unknown>;
  /** From an orchestration, without waiting for the operation (fire and forget). */
  signal<K extends EntityOperationName<E>>(
    context: OrchestrationContext,
    key: string,
    operation: K,
    ...input: EntityOperationInput<E, K>
  ): void;
  /** The raw task of a call, for `context.df.Task.all` / `Task.any`. */
  task<K extends EntityOperationName<E>>(
    context: OrchestrationContext,
    key: string,
    operation: K,
    ...input: EntityOperationInput<E, K>
  ): Task;
}

/**
 * Registers a DurableEntity subclass with `df.app.entity` under `name` and returns a typed reference.
 * Use once per entity, at load: `export const Cart = defineEntityClass('ShoppingCart', ShoppingCart)`.
 */
export function defineEntityClass<E extends DurableEntity<any>>(name: string, entityClass: new () => E): EntityClassReference<E> {
  if (!(entityClass.prototype instanceof DurableEntity)) {
    throw new Error(`Entity '${name}': ${entityClass.name || 'the class'} must extend DurableEntity.`);
  }
  if (declaresDeleteMethod(entityClass)) {
    throw new Error(`Entity '${name}': '${DELETE_OPERATION}' is reserved (it deletes the entity); give the method another name.`);
  }
  const handler = entityClassHandler(name, entityClass);
  df.app.entity<EntityStateOf<E>>(name, handler);

  const entityId = (key: string) => new df.EntityId(name, key);
  const readState = (client: DurableClient, key: string) => urlSafeClient(client).readEntityState<EntityStateOf<E>>(entityId(key));
  // An operation takes at most one input; the rest parameter exists only so the types can require or forbid it.
  const inputOf = (input: unknown[]) => input[0];

  return {
    name,
    handler,
    entityId,
    client(client, key) {
      const id = entityId(key);
      return {
        entityId: id,
        signal: (operation, ...input) => urlSafeClient(client).signalEntity(id, operation, inputOf(input)),
        readState: () => readState(client, key),
      };
    },
    readState,
    *call(context, key, operation, ...input) {
      return (yield context.df.callEntity(entityId(key), operation, inputOf(input))) as EntityOperationResult<E, typeof operation>;
    },
    signal(context, key, operation, ...input) {
      context.df.signalEntity(entityId(key), operation, inputOf(input));
    },
    task(context, key, operation, ...input) {
      return context.df.callEntity(entityId(key), operation, inputOf(input));
    },
  };
}
