import { errorResponse, jsonResponse, type OutgoingResponse } from '../../http/HostHttpServer';
import { InstanceExistsError, InstanceNotFoundError, InvalidRequestError, NotInStateError, StoreLostError, StoreUnavailableError } from '../model/errors';

/** A request the management API refuses itself (a bad query parameter); `status` is what it answers. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 410 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The one place domain errors become status codes; undefined for an error that is not the client's. */
export function responseForError(error: unknown): OutgoingResponse | undefined {
  if (error instanceof ApiError) return errorResponse(error.status, error.message);
  if (error instanceof InvalidRequestError) return errorResponse(400, error.message);
  if (error instanceof InstanceNotFoundError) return errorResponse(404, error.message);
  if (error instanceof InstanceExistsError) return errorResponse(409, error.message);
  if (error instanceof NotInStateError) return errorResponse(error.operation === 'purge' ? 404 : 410, error.message);
  if (error instanceof StoreUnavailableError) {
    return jsonResponse(503, { message: `The durable store is unavailable (${error.code}); try again shortly.` }, { 'Retry-After': '5' });
  }
  if (error instanceof StoreLostError) return errorResponse(503, error.message);
  return undefined;
}
