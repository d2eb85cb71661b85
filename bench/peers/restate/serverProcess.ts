import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcessGroup } from '../ChildProcessGroup';
import { freePort } from '../freePort';
import type { RestateInstall } from './install';

export interface RestateServer {
  pid: number;
  ingressUrl: string;
  adminUrl: string;
}

/** restate-server with its state in `baseDir`, telemetry off and every listener on loopback; resolves once admin and ingress answer. */
export async function startRestateServer(install: RestateInstall, processes: ChildProcessGroup, baseDir: string): Promise<RestateServer> {
  const [ingress, admin, fabric] = await Promise.all([freePort(), freePort(), freePort()]);
  const configFile = path.join(baseDir, 'restate.toml');
  fs.writeFileSync(
    configFile,
    [
      `base-dir = ${JSON.stringify(path.join(baseDir, 'data'))}`,
      'disable-telemetry = true',
      'bind-ip = "127.0.0.1"',
      'listen-mode = "tcp"',
      `bind-address = "127.0.0.1:${fabric}"`,
      'log-disable-ansi-codes = true',
      'shutdown-timeout = "5s"',
      '[admin]',
      `bind-address = "127.0.0.1:${admin}"`,
      'disable-web-ui = true',
      '[ingress]',
      `bind-address = "127.0.0.1:${ingress}"`,
      '',
    ].join('\n'),
  );
  const logFile = path.join(baseDir, 'server.log');
  const log = fs.openSync(logFile, 'w');
  const child = await processes
    .spawn(install.serverBinary, ['--config-file', configFile, '--no-logo'], { cwd: baseDir, stdio: ['ignore', log, log] })
    .finally(() => fs.closeSync(log));
  const server = { pid: child.pid!, ingressUrl: `http://127.0.0.1:${ingress}`, adminUrl: `http://127.0.0.1:${admin}` };
  await waitForOk(child, [`${server.adminUrl}/health`, `${server.ingressUrl}/restate/health`], 60_000, logFile);
  return server;
}

async function waitForOk(child: ChildProcess, urls: string[], timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = [...urls];
  while (pending.length) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`restate-server exited (${child.exitCode ?? child.signalCode}): ${tail(logFile)}`);
    if (Date.now() > deadline) throw new Error(`restate-server not ready after ${timeoutMs / 1000} s: ${tail(logFile)}`);
    const ok = await fetch(pending[0], { signal: AbortSignal.timeout(1000) }).then((res) => res.ok, () => false);
    if (ok) pending.shift();
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function tail(file: string): string {
  return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ');
}
