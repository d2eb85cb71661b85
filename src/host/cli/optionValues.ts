import { InvalidArgumentError } from 'commander';

/** The runtime statuses of the management API (the CLI talks to any Function App, so it keeps its own list). */
export const RUNTIME_STATUSES = ['Pending', 'Running', 'Suspended', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew'] as const;

/** A JSON value given on the command line, kept as its text; anything else is a usage error. */
export function jsonText(value: string): string {
  try {
    JSON.parse(value);
  } catch (error) {
    const hint = /^[\w\s.-]*$/.test(value) ? ` A string needs JSON quotes: '"${value}"'.` : '';
    throw new InvalidArgumentError(`It is not JSON (${(error as Error).message}).${hint}`);
  }
  return value;
}

/** `Running,pending` → `['Running', 'Pending']`. */
export function statusList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => {
      const match = RUNTIME_STATUSES.find((s) => s.toLowerCase() === name.toLowerCase());
      if (!match) throw new InvalidArgumentError(`'${name}' is not a runtime status; use ${RUNTIME_STATUSES.join(', ')}.`);
      return match;
    });
}

const AGO = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)$/i;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** An ISO 8601 date/time (`2026-05-01`, `2026-05-01T12:00:00Z`) or a time ago (`30m`, `2h`, `7d`). */
export function pointInTime(value: string, now = Date.now()): Date {
  const ago = AGO.exec(value.trim());
  if (ago) return new Date(now - Number(ago[1]) * UNIT_MS[ago[2].toLowerCase()]);
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return new Date(t);
  }
  throw new InvalidArgumentError('Give an ISO 8601 date or time (2026-05-01, 2026-05-01T12:00:00Z) or a time ago (90s, 30m, 2h, 7d).');
}

export function positiveCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('It must be a whole number of 1 or more.');
  return n;
}

export function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('It must be a port number (0-65535).');
  return n;
}

/** An http(s) URL with nothing after the app's address. */
export function appUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('It must be the app\'s address, like http://127.0.0.1:7071 or https://myapp.azurewebsites.net.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('It must start with http:// or https://.');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
