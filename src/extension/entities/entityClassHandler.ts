import type { EntityContext } from 'durable-functions';
import type { DurableEntity } from './DurableEntity';
import { EntityOperationError } from './EntityOperationError';
import { DELETE_OPERATION, entityOperationNames } from './entityOperations';

/**
 * The entity function for a class: a fresh object per operation gets the stored state (or its
 * initial state), the method named by the operation runs with the operation's input, and the state
 * and result go back to the runtime. `delete` deletes the entity; an unknown operation is an error.
 */
export function entityClassHandler<E extends DurableEntity<any>>(
  entityName: string,
  entityClass: new () => E,
): (context: EntityContext<E['state']>) => Promise<void> {
  return async (context) => {
    const operation = context.df.operationName ?? '';
    if (operation === DELETE_OPERATION) {
      context.df.destructOnExit();
      return;
    }
    const entity = new entityClass();
    const operations = entityOperationNames(entity);
    if (!operations.includes(operation)) {
      throw new EntityOperationError(
        `Entity '${entityName}' has no operation '${operation}'. Its operations are: ${[...operations, DELETE_OPERATION].join(', ')}.`,
      );
    }
    entity.state = context.df.getState(() => entity.initialState()) as E['state'];
    const method = (entity as unknown as Record<string, (input: unknown) => unknown>)[operation];
    let result: unknown;
    try {
      result = await method.call(entity, context.df.getInput());
    } catch (error) {
      // A plain Error would reach the caller as "{}"; this keeps its message.
      throw EntityOperationError.from(error);
    }
    // Only a completed operation stores its state: a failed one leaves the entity as it was.
    context.df.setState(entity.state);
    context.df.return(result);
  };
}
