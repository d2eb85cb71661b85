import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChildProcessGroup } from '../ChildProcessGroup';
import { peakRssMb } from '../peakRss';
import type { RestateInstall } from './install';
import { startRestateServer } from './serverProcess';
import { startRestateService } from './serviceProcess';

export interface RestateRun<T> {
  value: T;
  serverPeakRssMb?: number;
  servicePeakRssMb?: number;
}

/**
 * A fresh Restate for one measurement, as each of ours gets a fresh host: the server on an empty folder, the bench
 * service registered; `work` gets the ingress URL. Both processes are stopped afterwards, also on errors.
 */
export async function withRestate<T>(install: RestateInstall, work: (ingressUrl: string) => Promise<T>): Promise<RestateRun<T>> {
  const processes = new ChildProcessGroup();
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'restate-bench-'));
  try {
    const server = await startRestateServer(install, processes, baseDir);
    const service = await startRestateService(install, processes);
    await registerDeployment(server.adminUrl, service.url);
    await waitForService(server.ingressUrl, 30_000);
    const value = await work(server.ingressUrl);
    return { value, serverPeakRssMb: peakRssMb(server.pid), servicePeakRssMb: peakRssMb(service.pid) };
  } finally {
    await processes.stopAll();
    fs.rmSync(baseDir, { recursive: true, force: true });
  }
}

/** Calls a handler of the bench service synchronously over the ingress and returns its JSON answer. */
export async function invoke(ingressUrl: string, handler: string): Promise<unknown> {
  const res = await fetch(`${ingressUrl}/bench/${handler}`, { method: 'POST', signal: AbortSignal.timeout(60_000) });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`Restate answered ${handler} with ${res.status} ${body}`);
  return JSON.parse(body);
}

async function registerDeployment(adminUrl: string, serviceUrl: string): Promise<void> {
  const res = await fetch(`${adminUrl}/deployments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uri: serviceUrl }),
  });
  if (!res.ok) throw new Error(`Restate did not register the service: ${res.status} ${await res.text()}`);
}

/** The ingress learns of a new deployment shortly after the admin API accepts it. */
async function waitForService(ingressUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await invoke(ingressUrl, 'chain3');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
