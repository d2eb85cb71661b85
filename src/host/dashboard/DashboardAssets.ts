import fs from 'node:fs/promises';
import path from 'node:path';
import type { OutgoingResponse } from '../http/HostHttpServer';

/** Where the dashboard is served, under the management API so that one key opens both. */
export const DASHBOARD_PATH = 'runtime/webhooks/durabletask/dashboard';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};
const FILE_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/;

/**
 * The folder `npm run build` writes the dashboard to (dist/dashboard), from this file built
 * (dist/src/host/dashboard) or run from source by the tests (src/host/dashboard).
 */
export function dashboardAssetsDir(): string {
  const repo = path.resolve(__dirname, '..', '..', '..');
  return path.basename(repo) === 'dist' ? path.join(repo, 'dashboard') : path.join(repo, 'dist', 'dashboard');
}

export interface AssetRequest {
  method: string;
  url: URL;
  /** The path's segments after the dashboard's path. */
  segments: string[];
}

/** Serves the built dashboard from its files, read when asked for: nothing is read or built at start. */
export class DashboardAssets {
  constructor(private readonly dir = dashboardAssetsDir()) {}

  async handle(request: AssetRequest): Promise<OutgoingResponse> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'The dashboard is read with GET.');
    if (request.segments.length === 0 && !request.url.pathname.endsWith('/')) {
      // The page's relative links need the trailing slash.
      return { status: 301, headers: { Location: `dashboard/${request.url.search}` } };
    }
    const name = request.segments.length === 0 ? 'index.html' : request.segments.length === 1 ? request.segments[0] : '';
    if (!FILE_NAME.test(name)) return text(404, 'No such dashboard file.');
    let body: Buffer;
    try {
      body = await fs.readFile(path.join(this.dir, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const built = await fs.access(path.join(this.dir, 'index.html')).then(() => true, () => false);
      return built ? text(404, 'No such dashboard file.') : text(503, 'The dashboard is not built: run `npm run build`.');
    }
    const type = CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream';
    return { status: 200, headers: { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }, body: request.method === 'HEAD' ? undefined : body };
  }
}

function text(status: number, message: string): OutgoingResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `${message}\n` };
}
