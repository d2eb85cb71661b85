import type { HttpHandler, HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { urlSafeClient } from '../../src/extension';
import { withJsonErrors } from './withJsonErrors';

export type DurableHttpHandler = (
  request: HttpRequest,
  client: DurableClient,
  context: InvocationContext,
) => Promise<HttpResponseInit | HttpResponse>;

/**
 * Hands the handler its durable client (the function must declare `df.input.durableClient()`), URL-safe so that
 * any id the runtime accepts reaches its instance, and answers errors as JSON.
 */
export function withDurableClient(handler: DurableHttpHandler): HttpHandler {
  return withJsonErrors((request, context) => handler(request, urlSafeClient(df.getClient(context)), context));
}
