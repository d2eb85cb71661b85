import type { HttpHandler, HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from '@azure/functions';
import { HttpError } from './HttpError';
import { errorResponse } from './jsonResponse';

/**
 * Wraps an HTTP handler so every answer is JSON: an HttpError becomes its status and message,
 * anything else is logged and answered with a 500 that carries no internals, only the invocation id.
 */
export function withJsonErrors(
  handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit | HttpResponse>,
): HttpHandler {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof HttpError) {
        return errorResponse(error.status, error.message);
      }
      context.error(`${context.functionName} failed unexpectedly:`, error);
      return errorResponse(500, `Internal error; see the logs for invocation ${context.invocationId}.`);
    }
  };
}
