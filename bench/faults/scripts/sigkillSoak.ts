import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { FaultScript } from '../FaultScript';
import { SOAK_SCRIPT } from '../paths';

/** (f) The SIGKILL soak (bench/soak.ts) as it is: orders run while the host is killed and restarted. */
export const sigkillSoak: FaultScript = {
  key: 'f',
  name: 'SIGKILL soak',
  timeLimitMs: ({ quick }) => (quick ? 240_000 : 600_000),
  async run(scope, { quick }) {
    // Its own process group, so that the soak's hosts go with it if it is stopped.
    const child = spawn(process.execPath, [SOAK_SCRIPT, ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    scope.defer('stop the soak', () => {
      try {
        if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    });
    const code = await exited;
    const dataDir = /data in (\S+)/.exec(output)?.[1];
    // The soak keeps its data after a failure for a look; here the summary and problems below say what went wrong.
    if (dataDir && fs.existsSync(dataDir)) fs.rmSync(dataDir, { recursive: true, force: true });
    const summary = output.split('\n').reverse().find((l) => l.startsWith('soak: ') && l.includes('exactly once'));
    const m = summary ? /soak: (\d+)\/(\d+) orders completed exactly once; (\d+) kills; (\d+) activity executions for (\d+) activities/.exec(summary) : null;
    const lines = output.trim().split('\n');
    return {
      passed: code === 0 && m !== null,
      summary: summary ? summary.replace(/^soak: /, '') : `the soak ended with exit code ${code} and no summary`,
      figures: m
        ? { exactlyOnce: Number(m[1]), orders: Number(m[2]), kills: Number(m[3]), activityExecutions: Number(m[4]), activities: Number(m[5]), exitCode: code }
        : { exitCode: code },
      details: code === 0 ? [] : lines.slice(-10),
    };
  },
};
