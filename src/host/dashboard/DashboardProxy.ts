import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutgoingResponse } from '../http/HostHttpServer';
import { DASHBOARD_PATH, DashboardAssets } from './DashboardAssets';

/** What the dashboard calls on the app: the management API and the functions list. */
const FORWARDED = [/^\/runtime\/webhooks\/durabletask(\/|$)/i, /^\/admin\/functions(\/|$)/i];
const REQUEST_HEADERS = ['content-type', 'x-ms-continuation-token'];
const RESPONSE_HEADERS = ['content-type', 'x-ms-continuation-token', 'retry-after', 'location'];

export interface DashboardProxyOptions {
  /** The Function App, e.g. https://myapp.azurewebsites.net. */
  target: string;
  /** Sent to the app as x-functions-key on every forwarded call, so the page needs no key. */
  key?: string;
  port: number;
  hostname: string;
  assets?: DashboardAssets;
}

/**
 * A small local server for the dashboard of a deployed app: it serves the dashboard's files and
 * forwards its API calls to the app with the key, so the browser needs no CORS and no key.
 */
export class DashboardProxy {
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  get dashboardUrl(): string {
    return `${this.url}/${DASHBOARD_PATH}/`;
  }

  static async start(options: DashboardProxyOptions): Promise<DashboardProxy> {
    const assets = options.assets ?? new DashboardAssets();
    const target = options.target.replace(/\/+$/, '');
    let allowedHosts = new Set<string>();
    const server = http.createServer((req, res) => {
      void handle(req, { target, key: options.key, assets, allowedHosts }).then(
        (response) => write(res, response),
        () => write(res, json(500, { message: 'The dashboard server failed to process the request.' })),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.hostname, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const shown = options.hostname === '0.0.0.0' || options.hostname === '::' ? '127.0.0.1' : options.hostname.includes(':') ? `[${options.hostname}]` : options.hostname;
    // Only pages opened at this server's own address may use it (no DNS rebinding onto the key).
    allowedHosts = new Set([`${shown}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
    if (options.hostname !== '127.0.0.1' && options.hostname !== 'localhost' && options.hostname !== '::1') allowedHosts = new Set();
    return new DashboardProxy(server, `http://${shown}:${port}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

interface ProxyState {
  target: string;
  key?: string;
  assets: DashboardAssets;
  /** Empty when listening beyond loopback: then any Host is served. */
  allowedHosts: Set<string>;
}

async function handle(req: http.IncomingMessage, state: ProxyState): Promise<OutgoingResponse> {
  const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  if (state.allowedHosts.size && !state.allowedHosts.has((req.headers.host ?? '').toLowerCase())) return json(421, { message: 'Open the dashboard at the address it printed.' });
  if (url.pathname === '/') return { status: 302, headers: { Location: `/${DASHBOARD_PATH}/` } };
  const dashboard = `/${DASHBOARD_PATH}`;
  if (url.pathname.toLowerCase() === dashboard || url.pathname.toLowerCase().startsWith(`${dashboard}/`)) {
    const segments = url.pathname.slice(dashboard.length).split('/').filter(Boolean);
    return state.assets.handle({ method, url, segments });
  }
  if (!FORWARDED.some((pattern) => pattern.test(url.pathname))) return json(404, { message: 'Not found.' });
  if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') return json(405, { message: `${method} is not forwarded.` });
  const body = method === 'GET' ? undefined : await readBody(req);
  const headers: Record<string, string> = {};
  for (const name of REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (state.key) headers['x-functions-key'] = state.key;
  let answer: Response;
  try {
    answer = await fetch(`${state.target}${url.pathname}${url.search}`, { method, headers, body: body?.length ? body : undefined, redirect: 'manual' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return json(502, { message: `Could not reach ${state.target} (${cause?.code ?? (error as Error).message}).` });
  }
  const out: Record<string, string> = {};
  for (const name of RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) out[name] = value;
  }
  return { status: answer.status, headers: out, body: Buffer.from(await answer.arrayBuffer()) };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(status: number, body: unknown): OutgoingResponse {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

function write(res: http.ServerResponse, response: OutgoingResponse): void {
  const body = Buffer.isBuffer(response.body) ? response.body : typeof response.body === 'string' ? Buffer.from(response.body) : undefined;
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Content-Length', body ? body.length : 0);
  res.end(body);
}
