import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_APP } from './workloads/benchHost';

// Kills the host at random moments while orders run, restarts it on the same data, and checks that
// every order completed exactly once and no history scheduled a task twice.
const { values } = parseArgs({ options: { quick: { type: 'boolean' }, orders: { type: 'string' }, kills: { type: 'string' } } });
const ORDERS = Number(values.orders ?? (values.quick ? 300 : 2000));
const KILLS = Number(values.kills ?? (values.quick ? 2 : 5));
const CLI = path.resolve(__dirname, '..', 'src', 'host', 'cli.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-soak-'));
const log = path.join(dataDir, 'activity-executions.log');

interface Host {
  child: ChildProcess;
  url: string;
}

async function startHost(): Promise<Host> {
  const child = spawn(process.execPath, [CLI, 'start', '--script-root', BENCH_APP, '--port', '0', '--data', dataDir], {
    env: { ...process.env, SOAK_LOG: log },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', (d) => {
      output += d;
      const m = /Host started: (http:\/\/\S+?) /.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    });
  });
  child.stdout!.resume();
  return { child, url };
}

async function kill(host: Host): Promise<void> {
  host.child.kill('SIGKILL');
  await new Promise((r) => host.child.once('exit', r));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  console.log(`soak: ${ORDERS} orders, ${KILLS} kills (SIGKILL), data in ${dataDir}`);
  let host = await startHost();
  const started = new Set<number>();
  let next = 0;
  // Starters keep going across restarts: a start that fails is tried again; the extension's refusal of an id that exists means it got in.
  const alreadyExists = async (res: Response) => res.status === 500 && /OrchestrationAlreadyExistsException/.test(await res.text());
  const starter = async () => {
    while (next < ORDERS) {
      const i = next++;
      for (;;) {
        try {
          const res = await fetch(`${host.url}/runtime/webhooks/durabletask/orchestrators/SoakOrder/soak-${i}`, {
            method: 'POST',
            body: JSON.stringify({ orderId: `soak-${i}` }),
          });
          if (res.status === 202 || (await alreadyExists(res))) {
            started.add(i);
            break;
          }
        } catch {
          // the host is down for a moment
        }
        await sleep(50);
      }
    }
  };
  const starters = Array.from({ length: 20 }, starter);
  for (let k = 0; k < KILLS; k++) {
    await sleep(values.quick ? 50 + Math.random() * 250 : 200 + Math.random() * 800);
    await kill(host);
    console.log(`  kill ${k + 1}: ${started.size} orders started so far`);
    host = await startHost();
  }
  await Promise.all(starters);

  const hooks = `${host.url}/runtime/webhooks/durabletask`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    const res = await fetch(`${hooks}/instances?runtimeStatus=Pending,Running&instanceIdPrefix=soak-&top=1`);
    if (((await res.json()) as unknown[]).length === 0) break;
    if (Date.now() > deadline) throw new Error('orders did not finish within 3 minutes of the last restart');
    await sleep(200);
  }

  const problems: string[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const res = await fetch(`${hooks}/instances/soak-${i}?showHistory=true`);
    const status = (await res.json()) as { runtimeStatus: string; output: { tracking?: string }; historyEvents: { EventType: string; FunctionName?: string }[] };
    if (status.runtimeStatus !== 'Completed' || status.output?.tracking !== `TRK-soak-${i}`) problems.push(`soak-${i} is ${status.runtimeStatus}`);
    // The extension's condensed history: each completion names its activity and stands for its scheduling;
    // a task scheduled twice would leave a second completion or a scheduling event without one.
    const names = status.historyEvents.filter((e) => e.EventType === 'TaskCompleted').map((e) => e.FunctionName);
    const unanswered = status.historyEvents.filter((e) => e.EventType === 'TaskScheduled').length;
    if (new Set(names).size !== names.length || names.length !== 3 || unanswered) {
      problems.push(`soak-${i} ran ${names.join(', ')}${unanswered ? ` and left ${unanswered} scheduled` : ''}`);
    }
    if (status.historyEvents.filter((e) => e.EventType === 'ExecutionCompleted').length !== 1) problems.push(`soak-${i} completed more than once`);
  }
  const executions = fs.readFileSync(log, 'utf8').trim().split('\n').length;
  host.child.kill('SIGTERM');
  await new Promise((r) => host.child.once('exit', r));
  console.log(`soak: ${ORDERS - problems.length}/${ORDERS} orders completed exactly once; ${KILLS} kills; ` +
    `${executions} activity executions for ${ORDERS * 3} activities (${executions - ORDERS * 3} re-run after a crash)`);
  if (problems.length) {
    console.error(problems.slice(0, 20).join('\n'));
    process.exitCode = 1;
  } else {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
