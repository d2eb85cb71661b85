import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The keys `--enable-auth` checks, as a Function App has them. */
export interface HostKeys {
  /** Opens every route: admin, management, functions. */
  master: string;
  /** Opens routes whose authLevel is `function`. */
  function: string;
  /** Opens the Durable management API only; it is what the management URLs in 202 payloads carry. */
  durableTask: string;
}

const KEY_FILE = 'host-keys.json';

function newKey(): string {
  return randomBytes(30).toString('base64url');
}

/**
 * The keys from the environment (`FUNCTIONS_MASTER_KEY`, `FUNCTIONS_FUNCTION_KEY`, `FUNCTIONS_DURABLETASK_KEY`,
 * e.g. from local.settings.json), the rest generated once and kept in `<data>/host-keys.json`.
 */
export function loadHostKeys(dataDir: string | undefined, env: NodeJS.ProcessEnv = process.env): HostKeys {
  let stored: Partial<HostKeys> = {};
  const file = dataDir ? path.join(dataDir, KEY_FILE) : undefined;
  if (file && fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HostKeys>;
  const keys: HostKeys = {
    master: env.FUNCTIONS_MASTER_KEY || stored.master || newKey(),
    function: env.FUNCTIONS_FUNCTION_KEY || stored.function || newKey(),
    durableTask: env.FUNCTIONS_DURABLETASK_KEY || stored.durableTask || newKey(),
  };
  if (file && (keys.master !== stored.master || keys.function !== stored.function || keys.durableTask !== stored.durableTask)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  }
  return keys;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The key a request presents: the `x-functions-key` header or the `code` query parameter. */
export function presentedKey(headers: Record<string, string | string[] | undefined>, url: URL): string | undefined {
  const header = headers['x-functions-key'];
  return (Array.isArray(header) ? header[0] : header) || url.searchParams.get('code') || undefined;
}

export type AccessLevel = 'anonymous' | 'function' | 'admin' | 'durableTask';

/** Whether `key` opens a route of `level`: the master key opens all, the others their own level. */
export function keyOpens(keys: HostKeys, level: AccessLevel, key: string | undefined): boolean {
  if (level === 'anonymous') return true;
  if (!key) return false;
  if (same(key, keys.master)) return true;
  if (level === 'function') return same(key, keys.function);
  if (level === 'durableTask') return same(key, keys.durableTask);
  return false;
}
