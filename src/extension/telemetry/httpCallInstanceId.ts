import type { HttpRequest, HttpResponseInit } from '@azure/functions';

// The Durable extension's check-status links end in `/instances/<id>`; a starter's 202 carries one as Location.
const STATUS_LINK = /\/instances\/([^/?#]+)/;

/**
 * The orchestration instance an HTTP call was about: an `{instanceId}` route parameter, an
 * `instanceId` query parameter, or the instance a starter's check-status response points to.
 */
export function httpCallInstanceId(request: HttpRequest, result: unknown): string | undefined {
  const named = request.params?.instanceId ?? request.query?.get('instanceId');
  if (named) return named;
  // An HttpResponse's headers and an HttpResponseInit's both read through Headers.
  const headers = (result as HttpResponseInit | null | undefined)?.headers;
  if (!headers) return undefined;
  const location = new Headers(headers).get('location');
  const match = location ? STATUS_LINK.exec(location) : null;
  return match ? decodeURIComponent(match[1]) : undefined;
}
