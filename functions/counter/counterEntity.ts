import * as df from 'durable-functions';
import type { EntityContext } from 'durable-functions';
import { DELETE_OPERATION, EntityOperationError } from '../../src/extension';
import { isCounterAmount } from './counterAmount';

export const COUNTER_ENTITY = 'Counter';

// `delete` comes from defineEntityFunction, which handles it before this function is called.
export const COUNTER_OPERATIONS = ['add', 'get', 'reset', DELETE_OPERATION] as const;

export function counterEntityId(key: string): df.EntityId {
  return new df.EntityId(COUNTER_ENTITY, key);
}

/**
 * The Counter entity written as a plain entity function (no class): `add` a number, `get` the value,
 * `reset` to 0 (`delete`, added by defineEntityFunction, deletes it). Errors are EntityOperationErrors so that the caller sees their message.
 */
export function counterEntity(context: EntityContext<number>): void {
  const value = context.df.getState(() => 0) ?? 0;
  switch (context.df.operationName) {
    case 'add': {
      const amount = context.df.getInput<unknown>();
      if (!isCounterAmount(amount)) {
        throw new EntityOperationError(`Counter 'add' needs a number, got ${JSON.stringify(amount) ?? 'nothing'}.`);
      }
      context.df.setState(value + amount);
      return;
    }
    case 'get':
      // Stored too, so an entity that exists always has a value to read.
      context.df.setState(value);
      context.df.return(value);
      return;
    case 'reset':
      context.df.setState(0);
      return;
    default:
      throw new EntityOperationError(
        `Counter has no operation '${context.df.operationName}'. Its operations are: ${COUNTER_OPERATIONS.join(', ')}.`,
      );
  }
}
