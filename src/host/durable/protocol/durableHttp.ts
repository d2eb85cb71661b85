import type { DurableHttpRequest, DurableHttpResponse } from '../model/durableHttp';

export type { DurableHttpRequest, DurableHttpResponse } from '../model/durableHttp';

/** The built-in activity the Durable extension runs a `callHttp` as (HttpOptions.HttpTaskActivityReservedName). */
export const HTTP_ACTIVITY_NAME = 'BuiltIn::HttpActivity';

/** The TaskScheduled input of the HTTP activity: the request in a one-element list, as the extension writes it. */
export function httpActivityInput(request: DurableHttpRequest): string {
  return JSON.stringify([request]);
}

export function decodeHttpActivityInput(input: string | null): DurableHttpRequest {
  const value = input === null ? undefined : (JSON.parse(input) as unknown);
  const request = (Array.isArray(value) ? value[0] : value) as DurableHttpRequest | undefined;
  if (!request || typeof request !== 'object' || typeof request.uri !== 'string') throw new Error('The HTTP activity was scheduled without a request.');
  return request;
}

/** A header of a response, found without regard to case. */
export function responseHeader(response: DurableHttpResponse, name: string): string | undefined {
  const key = Object.keys(response.headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return undefined;
  const value = response.headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The request that polls a 202's `Location`, as the extension's CreateLocationPollRequest makes it:
 * a GET with the first request's headers, less `x-functions-key` (the status endpoint wants another key).
 */
export function locationPollRequest(first: DurableHttpRequest, location: string): DurableHttpRequest {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(first.headers ?? {})) if (name.toLowerCase() !== 'x-functions-key') headers[name] = value;
  return { method: 'GET', uri: location, headers, tokenSource: first.tokenSource ?? null, asynchronousPatternEnabled: first.asynchronousPatternEnabled };
}
