import { DurableEntity } from './DurableEntity';

/** The operation every class-based entity has: it deletes the entity and its state. */
export const DELETE_OPERATION = 'delete';

// Members of the base class and of every object, which callers must never reach as operations.
const NOT_OPERATIONS = new Set(['constructor', 'initialState', 'state', DELETE_OPERATION]);

function isOperationName(name: string): boolean {
  return !NOT_OPERATIONS.has(name) && !name.startsWith('_');
}

/**
 * The operations an entity object offers: functions it holds itself (arrow-function fields) and methods
 * declared by its class and ancestors below DurableEntity; never DurableEntity's or Object's members.
 */
export function entityOperationNames(entity: DurableEntity<unknown>): string[] {
  const names = new Set<string>();
  const addFunctionsOf = (owner: object) => {
    for (const name of Object.getOwnPropertyNames(owner)) {
      if (isOperationName(name) && typeof Object.getOwnPropertyDescriptor(owner, name)?.value === 'function') {
        names.add(name);
      }
    }
  };
  addFunctionsOf(entity);
  for (
    let prototype = Object.getPrototypeOf(entity) as object | null;
    prototype !== null && prototype !== DurableEntity.prototype && prototype !== Object.prototype;
    prototype = Object.getPrototypeOf(prototype) as object | null
  ) {
    addFunctionsOf(prototype);
  }
  return [...names];
}

/** Whether a class declares a method that callers could not reach because the name is taken by `delete`. */
export function declaresDeleteMethod(entityClass: abstract new () => DurableEntity<unknown>): boolean {
  for (
    let prototype = entityClass.prototype as object | null;
    prototype !== null && prototype !== DurableEntity.prototype && prototype !== Object.prototype;
    prototype = Object.getPrototypeOf(prototype) as object | null
  ) {
    if (Object.prototype.hasOwnProperty.call(prototype, DELETE_OPERATION)) {
      return true;
    }
  }
  return false;
}
