import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP_ROOT } from './paths';

export interface HostProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

/** A fresh folder under the system's temp folder; the test environment removes it when the test file ends. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const registry = globalThis as unknown as { __testTempDirs?: string[] };
  (registry.__testTempDirs ??= []).push(dir);
  return dir;
}

/**
 * Starts `durable-host start` as a child process on a free port and waits until it serves. It never
 * starts Azurite on the fixed development ports; a test that needs storage passes its own connection.
 */
export async function startHostProcess(options: { dataDir: string; scriptRoot?: string; env?: NodeJS.ProcessEnv; args?: string[] }): Promise<HostProcess> {
  const cli = path.join(APP_ROOT, 'dist', 'src', 'host', 'cli.js');
  const args = [cli, 'start', '--script-root', options.scriptRoot ?? APP_ROOT, '--port', '0', '--data', options.dataDir, '--no-azurite', ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The host did not start within 15 s:\n${output}`)), 15_000);
    const onData = () => {
      const m = /Host started: (http:\/\/\S+?) /.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The host exited with ${code} before it started:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/**
 * One HTTP request; the body is sent as given (a string) or as JSON, and declared as JSON unless a
 * content-type header says otherwise, as the durable-functions client declares its bodies.
 */
export async function request(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse> {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const headers = { ...(init.headers ?? {}) };
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), body, headers });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Polls `check` until it returns a value, for real time (end-to-end tests only). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitForRuntimeStatus(baseUrl: string, instanceId: string, wanted: string[], timeoutMs = 15_000, statusUrl?: string): Promise<JsonResponse> {
  return eventually(
    async () => {
      const res = await request(statusUrl ? `${statusUrl}&showHistory=true` : `${baseUrl}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}?showHistory=true`);
      return wanted.includes(res.body?.runtimeStatus) ? res : undefined;
    },
    timeoutMs,
    `instance ${instanceId} to reach ${wanted.join(' or ')}`,
  );
}
