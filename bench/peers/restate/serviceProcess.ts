import path from 'node:path';
import type { ChildProcessGroup } from '../ChildProcessGroup';
import type { RestateInstall } from './install';

const SERVICE_JS = path.resolve(__dirname, '..', '..', '..', '..', 'bench', 'peers', 'restate', 'benchService.js');

export interface RestateService {
  pid: number;
  url: string;
}

/** The bench's Restate service (benchService.js) in a Node process of its own; resolves with the port it listens on. */
export async function startRestateService(install: RestateInstall, processes: ChildProcessGroup): Promise<RestateService> {
  const child = await processes.spawn(process.execPath, [SERVICE_JS], {
    // WARN: the SDK logs two lines per invocation at INFO; our host runs silent in the bench too.
    env: { ...process.env, NODE_PATH: install.nodeModules, RESTATE_LOGGING: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const why = () => stderr.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? stderr.trim().split('\n').slice(-3).join(' | ');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Restate service did not start in 30 s: ${why()}`)), 30_000);
    child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      resolve({ pid: child.pid!, url: `http://127.0.0.1:${JSON.parse(stdout).port}` });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Restate service exited (${code}): ${why()}`));
    });
  });
}
