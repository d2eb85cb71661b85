import { spawn } from 'node:child_process';
import path from 'node:path';
import type { RestateInstall } from './install';
import type { PeerResult } from './workloads';

const ENTRY = path.join(__dirname, 'isolatedWorkload.js');

/**
 * Runs a Restate workload in a fresh network namespace with only loopback up (`unshare -n`), so
 * nothing the peer does can leave the machine; the load driver runs in there with it.
 */
export function runIsolated(install: RestateInstall, workload: 'hello' | 'chain', count: number, inFlight = 1): Promise<PeerResult> {
  return new Promise((resolve, reject) => {
    const script = 'ip link set lo up && exec "$0" "$@"';
    const child = spawn('unshare', ['-n', 'sh', '-c', script, process.execPath, ENTRY, workload, JSON.stringify(install), String(count), String(inFlight)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (error) => reject(new Error(`cannot isolate Restate's network (unshare): ${error.message}`)));
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!) as PeerResult);
      else reject(new Error(`Restate in its network namespace exited with ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}
