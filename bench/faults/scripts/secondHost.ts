import type { FaultScript } from '../FaultScript';
import { DurableHttpClient } from '../host/DurableHttpClient';
import { HostProcess, describeExit } from '../host/HostProcess';
import { tempDir } from '../os/mounts';

const REFUSAL_WITHIN_MS = 5_000;

/** (b) A second host on the data of a running one must refuse to start, naming the first; the first carries on. */
export const secondHost: FaultScript = {
  key: 'b',
  name: 'second host on the same data',
  timeLimitMs: () => 60_000,
  async run(scope) {
    const data = tempDir(scope, 'durable-faults-b-');
    const a = await HostProcess.start(scope, { dataDir: data });
    const launchedAt = Date.now();
    const b = await HostProcess.launch(scope, { dataDir: data });
    const exit = await b.exitWithin(REFUSAL_WITHIN_MS);
    const exitMs = Date.now() - launchedAt;
    const message = b.output;
    const problems: string[] = [];
    if (!exit) {
      const served = await b.waitForStart(1_000).then(() => ` and serves at ${b.url}`, () => '');
      problems.push(`B still runs ${REFUSAL_WITHIN_MS / 1000} s after its start on A's data${served}`);
      await b.kill();
    } else {
      if (exit.code === 0 || exit.code === null) problems.push(`B ended with ${describeExit(exit)}, not a non-zero exit code`);
      if (!message.includes(String(a.pid))) problems.push(`B's message does not name A's PID ${a.pid}`);
      if (!message.includes(a.url) && !message.includes(a.baseUrl)) problems.push(`B's message does not name A's URL ${a.url}`);
      if (/\n\s+at .+:\d+:\d+\)?\n/.test(message)) problems.push("B's message is a stack trace");
    }

    // A must still serve: its status, and an orchestration that runs to completion.
    const client = new DurableHttpClient(a.baseUrl, scope.signal);
    const statusAnswer = await client.hostStatus(5_000);
    const started = await client.start('Chain', 'b-after', { id: 'b-after' });
    const finished = started === 202 ? await client.waitFinished('b-after', 15_000) : undefined;
    const aServes = statusAnswer === 200 && finished?.instance?.runtimeStatus === 'Completed';
    if (!aServes) problems.push(`A afterwards: host status ${statusAnswer}, start ${started}, instance ${finished?.instance?.runtimeStatus ?? finished?.http ?? '-'}`);

    const refused = exit ? `B exited (${describeExit(exit)}) after ${(exitMs / 1000).toFixed(1)} s` : 'B was not refused';
    const firstLine = message.trim().split('\n').find((l) => l.trim()) ?? '';
    return {
      passed: problems.length === 0,
      summary: `${refused}; A still serves: ${aServes ? 'yes' : 'no'}${problems.length ? ` [${problems.join('; ')}]` : ''}${exit ? `; B said: "${firstLine.slice(0, 200)}"` : ''}`,
      figures: { refused: exit !== undefined, exitCode: exit?.code ?? null, exitSeconds: exit ? exitMs / 1000 : null, namesPid: message.includes(String(a.pid)), namesUrl: message.includes(a.url) || message.includes(a.baseUrl), aServes },
    };
  },
};
