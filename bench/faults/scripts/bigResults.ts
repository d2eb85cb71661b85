import { createHash } from 'node:crypto';
import type { FaultScript } from '../FaultScript';
import { DurableHttpClient, FINISHED, type InstanceStatus } from '../host/DurableHttpClient';
import { HostProcess, describeExit } from '../host/HostProcess';
import { tempDir } from '../os/mounts';
import { treePeakRssMb, treeRssMb } from '../os/processTreeMemory';

const RESULT_KIB = 10 * 1024;
const RSS_GOAL_MB = 1536;

/** What the fixture's BigResult activity returns for instance `i` (1 KiB blocks), and so what its orchestration reports. */
function expected(i: number): { length: number; sha256: string } {
  const result = `result ${i} `.padEnd(1024, '.').repeat(RESULT_KIB);
  return { length: result.length, sha256: createHash('sha256').update(result).digest('hex') };
}

/**
 * (e) Many instances, each with an activity returning 10 MiB: all must complete, the host's memory
 * (the process and any children it has) must stay under 1.5 GiB, and it must not abort.
 */
export const bigResults: FaultScript = {
  key: 'e',
  name: 'memory: 10 MiB results',
  timeLimitMs: ({ quick }) => (quick ? 150_000 : 600_000),
  async run(scope, { quick }) {
    // The quick form (CI) runs 100 of the 400: the same 10 MiB each, a quarter of the bytes.
    const instances = quick ? 100 : 400;
    const waitMs = quick ? 120_000 : 540_000;
    const data = tempDir(scope, 'durable-faults-e-');
    const host = await HostProcess.start(scope, { dataDir: data });
    const client = new DurableHttpClient(host.baseUrl, scope.signal, 30_000);
    let peakMb = 0;
    const sampler = setInterval(() => {
      if (host.running) peakMb = Math.max(peakMb, treeRssMb(host.pid), treePeakRssMb(host.pid));
    }, 200);
    scope.defer('stop sampling memory', () => clearInterval(sampler));

    const began = Date.now();
    const ids = Array.from({ length: instances }, (_, i) => i);
    const refusals: string[] = [];
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const at = Date.now();
          const answer = await client.start('BigResultOrchestration', `big-${i}`, { i, kib: RESULT_KIB });
          if (answer !== 202) refusals.push(`big-${i}: ${answer === 0 ? 'no answer' : `HTTP ${answer}`} after ${((Date.now() - at) / 1000).toFixed(1)} s`);
        }
      }),
    );

    // Every poll reads all instances (small outputs), so a host that dies still leaves the last count.
    let finished: InstanceStatus[] = [];
    for (;;) {
      if (!host.running) break;
      finished = (await client.list('big-')) ?? finished;
      if (finished.length === instances && finished.every((i) => FINISHED.has(i.runtimeStatus))) break;
      if (Date.now() - began > waitMs) break;
      await scope.sleep(500);
    }
    const seconds = Math.round((Date.now() - began) / 1000);
    clearInterval(sampler);

    let completed = 0;
    const wrong: string[] = [];
    for (const instance of finished) {
      if (instance.runtimeStatus === 'Pending' || instance.runtimeStatus === 'Running') continue;
      const i = Number(instance.instanceId.slice('big-'.length));
      const want = expected(i);
      const got = instance.output as { length?: number; sha256?: string } | null;
      if (instance.runtimeStatus === 'Completed' && got?.length === want.length && got.sha256 === want.sha256) completed++;
      else if (wrong.length < 3) wrong.push(`${instance.instanceId} is ${instance.runtimeStatus}: ${JSON.stringify(instance.output)?.slice(0, 160)}`);
    }

    const problems: string[] = [];
    const exit = host.running ? undefined : await host.exited;
    if (exit) problems.push(`the host exited (${describeExit(exit)}) after ${seconds} s`);
    if (refusals.length) problems.push(`${refusals.length} starts not acknowledged`);
    if (completed < instances && !exit) problems.push(`${instances - completed} not completed within ${waitMs / 1000} s`);
    if (exit) problems.push(`${completed} completed before it did`);
    if (peakMb >= RSS_GOAL_MB) problems.push(`peak RSS ${peakMb} MiB over the goal of ${RSS_GOAL_MB} MiB`);
    const abort = exit ? host.output.split('\n').find((l) => /heap|out of memory|abort/i.test(l)) : undefined;
    return {
      passed: problems.length === 0,
      summary: `${completed}/${instances} × 10 MiB completed in ${seconds} s, peak RSS ${peakMb} MiB (goal < ${RSS_GOAL_MB})${quick ? ' [quick: 100 of 400]' : ''}${problems.length ? ` [${problems.join('; ')}]` : ''}`,
      figures: { instances, completed, seconds, peakRssMb: peakMb, startsNotAcknowledged: refusals.length, hostExited: exit ? describeExit(exit) : null },
      details: [...refusals.slice(0, 3).map((r) => `start ${r}`), ...wrong, ...(abort ? [`host: ${abort.trim()}`] : exit ? [host.tail(5)] : [])],
    };
  },
};
