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

/** Functions' default request body limit: 100 MB. */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): OutgoingResponse {
  return { status, body: body === undefined ? undefined : body, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } };
}

export function errorResponse(status: number, message: string): OutgoingResponse {
  return jsonResponse(status, { message });
}

class BodyTooLargeError extends Error {}

/** The host's one HTTP listener; each mount owns the paths under its prefix. */
export class HostHttpServer {
  private readonly server: http.Server;
  private readonly mounts: { prefix: string[]; handler: RequestHandler }[] = [];
  private fallback: RequestHandler = async () => errorResponse(404, 'Not found.');

  constructor(
    private readonly logger: HostLogger,
    private readonly maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  ) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  mount(prefix: string, handler: RequestHandler): void {
    this.mounts.push({ prefix: splitPath(prefix.toLowerCase()), handler });
    // The longest prefix is tried first.
    this.mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  setFallback(handler: RequestHandler): void {
    this.fallback = handler;
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
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > this.maxBodyBytes) {
        response = errorResponse(413, `The request body is larger than the limit of ${this.maxBodyBytes} bytes.`);
        res.setHeader('Connection', 'close');
      } else {
        const body = await this.readBody(req);
        const all = splitPath(url.pathname);
        const mount = this.mounts.find((m) => m.prefix.every((p, i) => (all[i] ?? '').toLowerCase() === p));
        const request = { method: (req.method ?? 'GET').toUpperCase(), url, headers: req.headers, body, segments: all.slice(mount?.prefix.length ?? 0) };
        response = await (mount ? mount.handler(request) : this.fallback(request));
      }
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        response = errorResponse(413, `The request body is larger than the limit of ${this.maxBodyBytes} bytes.`);
        res.setHeader('Connection', 'close');
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

  private write(res: http.ServerResponse, response: OutgoingResponse): void {
    if (res.headersSent) return;
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
