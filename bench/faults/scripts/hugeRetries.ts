import fs from 'node:fs';
import path from 'node:path';
import type { FaultScript } from '../FaultScript';
import { DurableHttpClient, type StatusAnswer } from '../host/DurableHttpClient';
import { HostProcess } from '../host/HostProcess';
import { cpuPercentDuring } from '../os/cpuUsage';
import { tempDir } from '../os/mounts';

const VARIANTS = [
  { id: 'd-first-1e16', variant: 'interval', policy: 'firstRetryIntervalInMilliseconds 1e16' },
  { id: 'd-coefficient-1e308', variant: 'backoff', policy: 'backoffCoefficient 1e308' },
];
/** A failure message that names the cause speaks of the retry, its interval or the timer; the activity's own error does not. */
const NAMES_THE_CAUSE = /retr|interval|backoff|coefficient|timer|date/i;
const FAILED_WITHIN_MS = 1_000;
const CPU_LIMIT_PERCENT = 20;
const CPU_WINDOW_MS = 3_000;

/** When each instance's activity first failed, from the attempts the fixture notes in FAULTS_LOG. */
function firstFailures(log: string): Map<string, number> {
  const first = new Map<string, number>();
  const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
  for (const line of text.trim().split('\n').filter(Boolean)) {
    const [id, at] = line.split(' ');
    if (!first.has(id)) first.set(id, Number(at));
  }
  return first;
}

function failureText(answer: StatusAnswer | undefined): string {
  const output = answer?.instance?.output;
  return typeof output === 'string' ? output : JSON.stringify(output ?? null);
}

/**
 * (d) An activity that always fails, retried with a policy whose next date cannot exist: the instance
 * must fail within a second, saying why, and the host must not spin, before and after a restart.
 */
export const hugeRetries: FaultScript = {
  key: 'd',
  name: 'huge retry intervals',
  timeLimitMs: () => 90_000,
  async run(scope) {
    const data = tempDir(scope, 'durable-faults-d-');
    const log = path.join(data, 'attempts.log');
    const launch = { dataDir: data, env: { FAULTS_LOG: log } };
    let host = await HostProcess.start(scope, launch);
    let client = new DurableHttpClient(host.baseUrl, scope.signal);
    for (const v of VARIANTS) {
      const answer = await client.start('HugeRetry', v.id, { id: v.id, variant: v.variant });
      if (answer !== 202) throw new Error(`starting ${v.id} answered ${answer}`);
    }
    // When the client first sees each one Failed (polling every 20 ms): an upper bound of when it failed,
    // and one that status times (whole seconds, as the extension writes them) cannot give.
    const finals = new Map<string, StatusAnswer>();
    const seenAt = new Map<string, number>();
    await Promise.all(
      VARIANTS.map(async (v) => {
        finals.set(v.id, await client.waitFinished(v.id, 5_000, 20));
        seenAt.set(v.id, Date.now());
      }),
    );
    const first = firstFailures(log);
    const cpuAfter = await cpuPercentDuring(host.pid, () => scope.sleep(CPU_WINDOW_MS));

    const stopped = await host.stop(5_000);
    host = await HostProcess.start(scope, launch);
    client = new DurableHttpClient(host.baseUrl, scope.signal);
    await scope.sleep(1_000);
    const cpuRestarted = await cpuPercentDuring(host.pid, () => scope.sleep(CPU_WINDOW_MS));
    const afterRestart = new Map<string, StatusAnswer>();
    for (const v of VARIANTS) afterRestart.set(v.id, await client.status(v.id));

    const problems: string[] = [];
    const parts: string[] = [];
    const figures: Record<string, number | string | boolean | null | undefined> = {};
    for (const v of VARIANTS) {
      const final = finals.get(v.id)!;
      const status = final.instance?.runtimeStatus ?? `HTTP ${final.http}`;
      const failedAt = final.instance?.runtimeStatus === 'Failed' ? seenAt.get(v.id) : undefined;
      const firstAt = first.get(v.id);
      const afterMs = failedAt !== undefined && firstAt !== undefined ? failedAt - firstAt : undefined;
      const message = failureText(final);
      figures[`${v.variant}Status`] = status;
      figures[`${v.variant}FailedAfterMs`] = afterMs ?? null;
      figures[`${v.variant}StatusAfterRestart`] = afterRestart.get(v.id)!.instance?.runtimeStatus ?? `HTTP ${afterRestart.get(v.id)!.http}`;
      if (firstAt === undefined) problems.push(`${v.id}: the activity never ran`);
      if (status !== 'Failed') problems.push(`${v.id} (${v.policy}) is ${status} 5 s after its start`);
      else if (afterMs === undefined || afterMs > FAILED_WITHIN_MS) problems.push(`${v.id} failed ${afterMs} ms after the first failure`);
      else if (!NAMES_THE_CAUSE.test(message.replaceAll(v.id, ''))) problems.push(`${v.id}'s failure does not name the retry: "${message.slice(0, 160)}"`);
      if (figures[`${v.variant}StatusAfterRestart`] !== 'Failed') problems.push(`${v.id} is ${figures[`${v.variant}StatusAfterRestart`]} after the restart`);
      parts.push(`${v.policy}: ${status}${afterMs !== undefined ? ` ${afterMs} ms after the first failure` : ''}`);
    }
    for (const [when, cpu] of [['afterwards', cpuAfter], ['after a restart', cpuRestarted]] as const) {
      if (cpu === undefined || cpu >= CPU_LIMIT_PERCENT) problems.push(`host CPU ${when} ${cpu ?? '?'}% of a core (limit ${CPU_LIMIT_PERCENT}%)`);
    }
    figures.cpuAfterPercent = cpuAfter ?? null;
    figures.cpuAfterRestartPercent = cpuRestarted ?? null;
    figures.cleanStop = stopped.code === 0;
    return {
      passed: problems.length === 0,
      summary: `${parts.join('; ')}; host CPU ${cpuAfter ?? '?'}% afterwards, ${cpuRestarted ?? '?'}% after a restart${stopped.code === 0 ? '' : ` (it did not stop on SIGTERM: ${stopped.signal ?? stopped.code})`}`,
      figures,
      details: problems,
    };
  },
};
