/**
 * An error an entity operation throws so that its caller sees the message. durable-functions records a
 * failed operation as `JSON.stringify(error)`, which drops an Error's own message (it is not enumerable);
 * here `message` is an own enumerable property, so the recorded result is `{"message": "..."}`.
 */
export class EntityOperationError extends Error {
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'message', { value: message, enumerable: true, writable: true, configurable: true });
  }

  /** The error to rethrow for anything an operation threw, keeping its message. */
  static from(error: unknown): EntityOperationError {
    if (error instanceof EntityOperationError) {
      return error;
    }
    return new EntityOperationError(error instanceof Error ? error.message : String(error));
  }
}

// On the prototype rather than the instance, so the recorded JSON carries the message alone.
Object.defineProperty(EntityOperationError.prototype, 'name', { value: 'EntityOperationError', writable: true, configurable: true });
