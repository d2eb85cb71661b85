import type { AppFunctions, TriggeredFunction } from '../worker/AppFunctions';
import { type Invoker, isShutdown } from '../worker/Invoker';
import { type InputBindingProvider, invocationInputs } from '../worker/inputBindings';
import type { HttpTypedData, TypedData } from '../worker/typedData';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { type IncomingRequest, type OutgoingResponse, type RequestHead, type StreamHandler, errorResponse } from './HostHttpServer';
import { RouteTemplate } from './routeTemplate';
import { childSpan, traceContextFromHeaders } from '../tracing/traceContext';

interface HttpRoute {
  fn: TriggeredFunction;
  template: RouteTemplate;
  /** Upper-case methods; undefined means every method. */
  methods?: string[];
}

function flattenHeaders(headers: IncomingRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Routes requests under the `api` prefix to HTTP-triggered functions and turns their responses back. */
export class HttpTriggerRouter {
  private routes: HttpRoute[] = [];

  constructor(
    functions: AppFunctions,
    private readonly invoker: Invoker,
    private readonly inputs: InputBindingProvider,
    /** With keys on: whether the request may call this function (its authLevel); 401 otherwise. */
    private readonly allows: (fn: TriggeredFunction, request: RequestHead) => boolean = () => true,
    /** The app runs in HTTP stream mode (`app.setup({ enableHttpStream: true })`). */
    private readonly streaming = false,
  ) {
    this.setFunctions(functions);
  }

  /** The routes of these functions (again, after a reload with new code). */
  setFunctions(functions: AppFunctions): void {
    const routes = functions.ofType('httpTrigger').map((fn) => {
      const methods = Array.isArray(fn.trigger.methods) && fn.trigger.methods.length ? fn.trigger.methods.map((m: string) => m.toUpperCase()) : undefined;
      return { fn, template: new RouteTemplate(typeof fn.trigger.route === 'string' && fn.trigger.route ? fn.trigger.route : fn.name), methods };
    });
    routes.sort((a, b) => compareSpecificity(b.template.specificity, a.template.specificity));
    this.routes = routes;
  }

  /** Lines like `func start` prints: `Name: [GET,POST] http://localhost:7071/api/route`. */
  describe(baseUrl: string, routePrefix: string): Map<string, string> {
    const lines = new Map<string, string>();
    for (const r of this.routes) {
      const prefix = routePrefix ? `/${routePrefix}` : '';
      lines.set(r.fn.name, `[${(r.methods ?? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).join(',')}] ${baseUrl}${prefix}/${r.template.template.replace(/^\/+/, '')}`);
    }
    return lines;
  }

  /** In HTTP stream mode every HTTP function takes its request as a stream: the body is forwarded, never read here. */
  readonly stream: StreamHandler = {
    wants: (request) => this.streaming && this.invoker.invokeStreaming !== undefined && this.find(request) !== undefined,
    handle: (request, incoming, outgoing) => this.handleStream(request, incoming, outgoing),
  };

  /**
   * Answers what needs no body before the body is read: a function whose authLevel needs a key the
   * request does not carry (401), no function on the route (404), a method it does not take (405).
   */
  authorize(request: RequestHead): OutgoingResponse | undefined {
    const found = this.find(request);
    if (!found) return errorResponse(404, 'No function matches this route.');
    if ('status' in found) return found;
    return this.allows(found.route.fn, request) ? undefined : this.unauthorized(found.route.fn);
  }

  async handle(request: IncomingRequest): Promise<OutgoingResponse> {
    const found = this.find(request);
    if (!found) return errorResponse(404, 'No function matches this route.');
    if ('status' in found) return found;
    if (!this.allows(found.route.fn, request)) return this.unauthorized(found.route.fn);
    return this.invoke(found.route.fn, request, found.params);
  }

  private find(request: RequestHead): { route: HttpRoute; params: Record<string, string> } | OutgoingResponse | undefined {
    let methodMismatch = false;
    for (const route of this.routes) {
      const params = route.template.match(request.segments);
      if (!params) continue;
      if (route.methods && !route.methods.includes(request.method)) {
        methodMismatch = true;
        continue;
      }
      return { route, params };
    }
    return methodMismatch ? errorResponse(405, `Method ${request.method} is not allowed on this route.`) : undefined;
  }

  /**
   * An invocation in stream mode, as the Functions host runs it: the invocation carries the request's
   * head (headers and route parameters as trigger metadata), the request itself goes to the library's
   * HTTP proxy where the invocation runs (matched by `x-ms-invocation-id`), body streamed, and the
   * proxy's answer streams back to the client.
   */
  private async handleStream(request: RequestHead, incoming: http.IncomingMessage, outgoing: http.ServerResponse): Promise<void> {
    const found = this.find(request);
    if (!found || 'status' in found) return;
    const { route, params } = found;
    const invocationId = randomUUID();
    const headers = flattenHeaders(request.headers);
    const query = Object.fromEntries(request.url.searchParams);
    const trigger: HttpTypedData = { method: request.method, url: request.url.toString(), headers, query, params };
    const triggerMetadata: Record<string, TypedData> = { Headers: { json: JSON.stringify(headers) }, Query: { json: JSON.stringify(query) } };
    for (const [name, value] of Object.entries(params)) triggerMetadata[name] = { string: value };
    let forwarded: Promise<void> = Promise.resolve();
    let proxyRequest: http.ClientRequest | undefined;
    try {
      await this.invoker.invokeStreaming!(route.fn, { inputData: invocationInputs(route.fn, { http: trigger }, this.inputs), triggerMetadata, invocationId }, (proxyUri) => {
        forwarded = new Promise<void>((resolve) => {
          const target = new URL(request.url.pathname + request.url.search, proxyUri);
          proxyRequest = http.request(target, {
            method: request.method,
            headers: { ...incoming.headers, 'x-ms-invocation-id': invocationId, 'x-forwarded-host': request.url.host, 'x-forwarded-proto': request.url.protocol.replace(':', '') },
          });
          proxyRequest.on('response', (answer) => {
            const answerHeaders = { ...answer.headers };
            delete answerHeaders['x-ms-invocation-id'];
            outgoing.writeHead(answer.statusCode ?? 200, answerHeaders);
            answer.pipe(outgoing);
            answer.on('end', () => resolve());
            answer.on('error', () => resolve());
          });
          proxyRequest.on('error', () => resolve());
          incoming.pipe(proxyRequest);
        });
      });
      await forwarded;
    } catch (error) {
      proxyRequest?.destroy();
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      const status = isShutdown(error) ? 503 : 500;
      const body = JSON.stringify({ message: status === 503 ? 'The host is stopping.' : `The function '${route.fn.name}' failed.` });
      outgoing.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
      outgoing.end(body);
    }
  }

  private unauthorized(fn: TriggeredFunction): OutgoingResponse {
    return errorResponse(401, `The function '${fn.name}' needs a key (x-functions-key header or code query parameter).`);
  }

  private async invoke(fn: TriggeredFunction, request: IncomingRequest, params: Record<string, string>): Promise<OutgoingResponse> {
    const http: HttpTypedData = {
      method: request.method,
      url: request.url.toString(),
      headers: flattenHeaders(request.headers),
      query: Object.fromEntries(request.url.searchParams),
      params,
      body: request.body.length ? { bytes: request.body } : undefined,
    };
    const inputData = invocationInputs(fn, { http }, this.inputs);
    let response;
    try {
      // As the Functions host: the invocation is a span of the request's trace (its traceparent), or of a new one.
      response = await this.invoker.invoke(fn, { inputData, traceContext: childSpan(traceContextFromHeaders(request.headers)) });
    } catch (error) {
      if (isShutdown(error)) return errorResponse(503, 'The host is stopping.');
      // The invoker has logged the failure with its stack; the caller gets no internals.
      return errorResponse(500, `The function '${fn.name}' failed.`);
    }
    const out = response.returnValue?.http ?? response.outputData?.find((o) => o.data?.http)?.data.http;
    if (!out) return { status: 204 };
    const headers: Record<string, string | string[]> = { ...(out.headers ?? {}) };
    const body = out.body?.bytes ? Buffer.from(out.body.bytes) : out.body?.string !== undefined && out.body?.string !== null ? Buffer.from(out.body.string) : undefined;
    return { status: Number(out.statusCode ?? 200) || 200, headers, body };
  }
}

function compareSpecificity(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
