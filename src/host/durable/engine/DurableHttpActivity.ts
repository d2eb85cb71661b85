import { type DurableHttpRequest, type DurableHttpResponse, decodeHttpActivityInput } from '../protocol/durableHttp';

/** Why a callHttp cannot be made: the orchestrator sees it as the task's failure. */
export class DurableHttpError extends Error {
  constructor(
    message: string,
    readonly errorType = 'System.Net.Http.HttpRequestException',
  ) {
    super(message);
    this.name = 'DurableHttpError';
  }
}

// .NET keeps these on the response's content, not among its headers, so the extension's DurableHttpResponse leaves them out.
const CONTENT_HEADERS = new Set([
  'allow',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-md5',
  'content-range',
  'content-type',
  'expires',
  'last-modified',
]);

function requestHeaders(request: DurableHttpRequest): { headers: Headers; contentType: string } {
  const headers = new Headers();
  let contentType = '';
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    if (name.toLowerCase() === 'content-type') {
      const last = values[values.length - 1];
      if (/multipart/i.test(last ?? '')) throw new DurableHttpError('Multipart content is not supported with CallHttpAsync.', 'Microsoft.Azure.WebJobs.Extensions.DurableTask.FunctionFailedException');
      contentType = last ?? '';
    } else {
      for (const v of values) headers.append(name, String(v));
    }
  }
  return { headers, contentType };
}

/**
 * The extension's built-in HTTP activity (TaskHttpActivityShim): one request, made by the host and
 * not by the app's code, and its response as DurableHttpResponse. Polling a 202 is the
 * orchestration's affair (a timer, then another call), so this never waits.
 */
export async function runDurableHttpActivity(input: string | null, timeoutMs = 100_000): Promise<DurableHttpResponse> {
  const request = decodeHttpActivityInput(input);
  if (request.tokenSource) {
    const resource = request.tokenSource.resource ? ` for '${request.tokenSource.resource}'` : '';
    throw new DurableHttpError(
      `callHttp to ${request.uri} asks for a managed identity token${resource} (ManagedIdentityTokenSource), which this host cannot get: it runs without a managed identity. ` +
        'Pass a token in the Authorization header instead, or run the app in Azure.',
      'System.NotSupportedException',
    );
  }
  let url: URL;
  try {
    url = new URL(request.uri);
  } catch {
    throw new DurableHttpError(`callHttp needs an absolute http or https URL, not '${request.uri}'.`, 'System.UriFormatException');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DurableHttpError(`callHttp needs an http or https URL, not '${request.uri}'.`, 'System.ArgumentException');
  const { headers, contentType } = requestHeaders(request);
  const method = (request.method || 'GET').toUpperCase();
  let body: string | undefined;
  if (request.content !== undefined && request.content !== null) {
    body = request.content;
    headers.set('content-type', contentType || 'text/plain');
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } })?.cause?.message;
    throw new DurableHttpError(`The HTTP request ${method} ${request.uri} failed: ${cause ?? (error as Error)?.message ?? error}`);
  }
  const content = await response.text();
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (!CONTENT_HEADERS.has(name) && name !== 'set-cookie') out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies.length === 1 ? cookies[0] : cookies;
  return { statusCode: response.status, headers: out, content };
}
