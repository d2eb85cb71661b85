import type { FailureDetails } from './failureDetails';
import type { RuntimeStatus } from './instance';

// Domain errors of the durable engine and its store. Only api/ turns them into status codes.

export class InstanceNotFoundError extends Error {
  constructor(readonly instanceId: string) {
    super(`No instance with ID '${instanceId}' was found.`);
    this.name = 'InstanceNotFoundError';
  }
}

export class InstanceExistsError extends Error {
  constructor(
    readonly instanceId: string,
    readonly status: RuntimeStatus,
  ) {
    super(`An instance with ID '${instanceId}' already exists and is ${status}.`);
    this.name = 'InstanceExistsError';
  }
}

/** The operation is not allowed in the instance's current state (raise event on a finished instance, rewind of a running one, ...). */
export class NotInStateError extends Error {
  constructor(
    readonly instanceId: string,
    readonly status: RuntimeStatus,
    readonly operation: string,
    message = `The instance '${instanceId}' is ${status} and can no longer take this operation (${operation}).`,
  ) {
    super(message);
    this.name = 'NotInStateError';
  }
}

/** A request the engine refuses as malformed: a bad instance id, an unknown function, a missing operation name. */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

/** The store cannot take writes or reads right now (disk full, I/O error, busy); the work is retried with back-off. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** The store's file is damaged, deleted or replaced: nothing more may be acknowledged into it. */
export class StoreLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreLostError';
  }
}

/**
 * An orchestration fails with this: its orchestrator threw (as the SDK reports it, the user's error),
 * it asked for something that cannot be (an impossible date, an unknown function), or what it hands
 * over is too large. `details` is the stack; `failureDetails` the structured failure, when there is one.
 */
export class OrchestrationFailedError extends Error {
  constructor(
    message: string,
    readonly details = '',
    readonly failureDetails?: FailureDetails,
  ) {
    super(message);
    this.name = 'OrchestrationFailedError';
  }
}
