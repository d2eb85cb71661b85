import { type OutgoingResponse, jsonResponse } from '../../http/HostHttpServer';
import { InstanceExistsError, InstanceNotFoundError, InvalidRequestError, NotInStateError, StoreLostError, StoreUnavailableError } from '../model/errors';
import { isTerminal } from '../model/instance';

/** The management API's operations, as HttpApiHandler names its handlers: the same domain error answers differently in each. */
export type ManagementOperation =
  | 'start'
  | 'status'
  | 'query'
  | 'raiseEvent'
  | 'terminate'
  | 'suspend'
  | 'resume'
  | 'rewind'
  | 'restart'
  | 'purge'
  | 'purgeWhere'
  | 'signalEntity'
  | 'readEntity'
  | 'listEntities';

/** The .NET exception a refusal stands for, as the extension names it in `ExceptionType`. */
export interface ExceptionInfo {
  message: string;
  type: string;
}

/** A request the management API refuses itself (a bad query parameter, a body that is not JSON). */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 410 | 413,
    message: string,
    readonly exception?: ExceptionInfo,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// The Durable extension's own texts (HttpApiHandler), which callers and tools match on.
export const ARGUMENTS_INCORRECT = 'One or more of the arguments submitted is incorrect';
export const SOMETHING_WENT_WRONG = 'Something went wrong while processing your request';
const ARGUMENT_EXCEPTION = 'System.ArgumentException';
const INVALID_OPERATION = 'System.InvalidOperationException';
const ALREADY_EXISTS = 'DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException';

/** An error body in the extension's shape (ASP.NET's HttpError): `Message`, and for a thrown exception `ExceptionMessage` and `ExceptionType`. */
export function extensionError(status: number, message: string, exception?: ExceptionInfo): OutgoingResponse {
  const body: Record<string, string> = { Message: message };
  if (exception) {
    body.ExceptionMessage = exception.message;
    body.ExceptionType = exception.type;
  }
  return jsonResponse(status, body);
}

/** What the extension's client throws for an instance that cannot take `operation` in `status`. */
function invalidOperationMessage(error: NotInStateError, operation: ManagementOperation | undefined): string {
  switch (operation) {
    case 'suspend':
      return `Cannot suspend the orchestration instance ${error.instanceId} because instance is in the ${error.status} state.`;
    case 'resume':
      return `Cannot resume the orchestration instance ${error.instanceId} because instance is in the ${error.status} state.`;
    case 'rewind':
      return 'The rewind operation is only supported on failed orchestration instances.';
    case 'terminate':
      return `Cannot terminate the orchestration instance ${error.instanceId} because instance is in the ${error.status} state.`;
    default:
      return error.message;
  }
}

/**
 * The one place domain errors become status codes, row by row as the extension's HttpApiHandler
 * answers them: 404 and 410 without a body, 400 for bad arguments, 500 with the exception for an
 * operation the instance's state does not allow. Undefined for an error that is not the client's.
 */
export function responseForError(error: unknown, operation?: ManagementOperation): OutgoingResponse | undefined {
  if (error instanceof ApiError) {
    if ((error.status === 404 || error.status === 410) && !error.exception) return { status: error.status };
    return extensionError(error.status, error.message, error.exception);
  }
  if (error instanceof InvalidRequestError) {
    // The entity routes answer an ArgumentException with its message alone.
    if (operation === 'signalEntity' || operation === 'readEntity' || operation === 'listEntities') return extensionError(400, error.message);
    return extensionError(400, ARGUMENTS_INCORRECT, { message: error.message, type: ARGUMENT_EXCEPTION });
  }
  if (error instanceof InstanceNotFoundError) {
    if (operation === 'restart') {
      return extensionError(400, 'InstanceId does not match a valid orchestration instance.', {
        message: `An orchestrastion with the instanceId ${error.instanceId} was not found.`,
        type: ARGUMENT_EXCEPTION,
      });
    }
    return { status: 404 };
  }
  if (error instanceof InstanceExistsError) {
    return extensionError(500, SOMETHING_WENT_WRONG, { message: `An Orchestration instance with the status ${error.status} already exists.`, type: ALREADY_EXISTS });
  }
  if (error instanceof NotInStateError) {
    // A finished instance is gone for these operations; any other refusal is the client's InvalidOperationException.
    if (isTerminal(error.status) && operation !== 'rewind') return { status: 410 };
    if (operation === 'rewind' && (error.status === 'Completed' || error.status === 'Terminated')) return { status: 410 };
    return extensionError(500, SOMETHING_WENT_WRONG, { message: invalidOperationMessage(error, operation), type: INVALID_OPERATION });
  }
  if (error instanceof StoreUnavailableError) {
    return jsonResponse(503, { Message: `The durable store is unavailable (${error.code}); try again shortly.` }, { 'Retry-After': '5' });
  }
  if (error instanceof StoreLostError) return extensionError(503, error.message);
  return undefined;
}
