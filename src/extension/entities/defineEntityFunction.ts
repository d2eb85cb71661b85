import * as df from 'durable-functions';
import type { EntityContext, EntityHandler } from 'durable-functions';
import { DELETE_OPERATION } from './entityOperations';

/** A function-style entity registered through defineEntityFunction. */
export interface EntityFunctionReference {
  readonly name: string;
  /** The id of one instance of the entity, for signalEntity, readEntityState, callEntity and locks. */
  entityId(key: string): df.EntityId;
}

/**
 * Registers an entity written as a function with `df.app.entity`, and gives it the `delete` operation
 * class-based entities have: it deletes the entity and its state without calling the handler.
 */
export function defineEntityFunction<T>(name: string, handler: EntityHandler<T>): EntityFunctionReference {
  df.app.entity<T>(name, (context: EntityContext<T>) => {
    if (context.df.operationName === DELETE_OPERATION) {
      context.df.destructOnExit();
      return;
    }
    return handler(context);
  });
  return { name, entityId: (key) => new df.EntityId(name, key) };
}
