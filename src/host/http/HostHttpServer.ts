import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostLogger } from '../logging/HostLogger';
import { splitPath } from './routeTemplate';

export interface IncomingRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The path's segments after the mount prefix, still percent-encoded. */
  segments: string[];
}

export interface OutgoingResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** A Buffer or string is sent as is; anything else as JSON. */
  body?: unknown;
}

export type RequestHandler = (request: IncomingRequest) => Promise<OutgoingResponse>;

/** The request as known before its body is read: a refusal here (a missing key) never reads the body. */
export type RequestHead = Omit<IncomingRequest, 'body'>;
/** Answers a refusal for a request head, or undefined to go on and read the body. */
export type Authorizer = (request: RequestHead) => OutgoingResponse | undefined;

export interface ServerLimits {
  /** Largest request body (bytes). */
  maxBodyBytes: number;
  /** Most connections open at once; more are refused, with a log line. Default: what the process's file descriptor limit leaves room for. */
  maxConnections?: number;
  /** How long a client may take to send its request headers. */
  headersTimeoutMs?: number;
  /** How long a client may take to send its whole request. */
  requestTimeoutMs?: number;
}

/** Functions' default request body limit: 100 MB. */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): OutgoingResponse {
  return { status, body: body === undefined ? undefined : body, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } };
}

export function errorResponse(status: number, message: string): OutgoingResponse {
  return jsonResponse(status, { message });
}

class BodyTooLargeError extends Error {}

interface Mount {
  prefix: string[];
  handler: RequestHandler;
  authorize?: Authorizer;
}

/** The soft limit on open files of this process (Linux), to keep connections below it; undefined elsewhere. */
function openFileLimit(): number | undefined {
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    return Number.isFinite(soft) && soft > 0 ? soft : undefined;
  } catch {
    return undefined;
  }
}

/** Connections allowed at once: the file descriptors left after the store, workers, storage clients and logs. */
export function defaultMaxConnections(): number {
  const limit = openFileLimit();
  return limit === undefined ? 4096 : Math.max(32, Math.min(Math.floor(limit * 0.75), limit - 256, 16_384));
}

/** The host's one HTTP listener; each mount owns the paths under its prefix. */
export class HostHttpServer {
  private readonly server: http.Server;
  private readonly mounts: Mount[] = [];
  private fallback: Mount = { prefix: [], handler: async () => errorResponse(404, 'Not found.') };
  private readonly maxBodyBytes: number;
  private dropping = false;

  constructor(
    private readonly logger: HostLogger,
    limits: ServerLimits | number = DEFAULT_MAX_BODY_BYTES,
  ) {
    const options: ServerLimits = typeof limits === 'number' ? { maxBodyBytes: limits } : limits;
    this.maxBodyBytes = options.maxBodyBytes;
    this.server = http.createServer(
      { headersTimeout: options.headersTimeoutMs ?? 30_000, requestTimeout: options.requestTimeoutMs ?? 300_000 },
      (req, res) => void this.handle(req, res),
    );
    this.server.keepAliveTimeout = 65_000;
    const maxConnections = options.maxConnections ?? defaultMaxConnections();
    this.server.maxConnections = maxConnections;
    // Past the cap Node drops new connections; say so once per spell, not once per connection.
    this.server.on('drop', () => {
      if (this.dropping) return;
      this.dropping = true;
      this.logger.warn('Host.Http', `The connection limit (${maxConnections}) is reached: new connections are refused until open ones close.`);
      const check = setInterval(() => {
        this.server.getConnections((_error, count) => {
          if (count >= maxConnections * 0.9) return;
          clearInterval(check);
          this.dropping = false;
          this.logger.log('information', 'Host.Http', `Connections are below the limit again (${count} of ${maxConnections}).`);
        });
      }, 1000);
      check.unref();
    });
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      // Malformed requests and timeouts answer 400/408 without reaching a handler; a closed socket needs nothing.
      if (!socket.writable) return;
      const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
  }

  /** Serves `prefix`; `authorize`, when given, runs on the request head, before the body is read. */
  mount(prefix: string, handler: RequestHandler, authorize?: Authorizer): void {
    this.mounts.push({ prefix: splitPath(prefix.toLowerCase()), handler, authorize });
    // The longest prefix is tried first.
    this.mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  setFallback(handler: RequestHandler, authorize?: Authorizer): void {
    this.fallback = { prefix: [], handler, authorize };
  }

  listen(port: number, hostname: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, hostname, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let response: OutgoingResponse;
    try {
      const url = parseRequestUrl(req);
      if (!url) {
        this.write(res, errorResponse(400, 'The request has no valid Host header or URL.'), true);
        return;
      }
      const all = splitPath(url.pathname);
      const mount = this.mounts.find((m) => m.prefix.every((p, i) => (all[i] ?? '').toLowerCase() === p)) ?? this.fallback;
      const head: RequestHead = { method: (req.method ?? 'GET').toUpperCase(), url, headers: req.headers, segments: all.slice(mount.prefix.length) };
      // Keys are checked before the body is read: an unauthenticated upload costs nothing.
      const refused = mount.authorize?.(head);
      if (refused) {
        this.write(res, refused, hasBody(req));
        return;
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > this.maxBodyBytes) {
        this.write(res, errorResponse(413, `The request body is larger than the limit of ${this.maxBodyBytes} bytes.`), true);
        return;
      }
      const body = await this.readBody(req);
      response = await mount.handler({ ...head, body });
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        this.write(res, errorResponse(413, `The request body is larger than the limit of ${this.maxBodyBytes} bytes.`), true);
        return;
      } else {
        this.logger.error('Host.Http', `Unhandled error for ${req.method} ${req.url}: ${(error as Error)?.stack ?? error}`);
        response = errorResponse(500, 'The host failed to process the request.');
      }
    }
    this.write(res, response);
  }

  private readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.maxBodyBytes) {
          req.removeAllListeners('data');
          req.resume();
          reject(new BodyTooLargeError());
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  /** `close`: the body was not (wholly) read, so the connection ends after the answer instead of reading the rest. */
  private write(res: http.ServerResponse, response: OutgoingResponse, close = false): void {
    if (res.headersSent) return;
    if (close) {
      res.setHeader('Connection', 'close');
      res.on('finish', () => res.req.socket.destroySoon?.());
    }
    let body: Buffer | undefined;
    const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
    if (Buffer.isBuffer(response.body)) body = response.body;
    else if (typeof response.body === 'string') body = Buffer.from(response.body);
    else if (response.body !== undefined) {
      body = Buffer.from(JSON.stringify(response.body));
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    res.statusCode = response.status;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader('Content-Length', body ? body.length : 0);
    res.end(body);
  }
}

function hasBody(req: http.IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/** The request's URL, or undefined when its Host header (or target) is not one a URL can hold. */
function parseRequestUrl(req: http.IncomingMessage): URL | undefined {
  const host = req.headers.host ?? 'localhost';
  // A Host header is a host name or address with an optional port; anything else (spaces, paths, @) is refused.
  if (!/^[A-Za-z0-9.\-_~%]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return undefined;
  try {
    return new URL(req.url ?? '/', `http://${host}`);
  } catch {
    return undefined;
  }
}
