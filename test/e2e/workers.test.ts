import path from 'node:path';
import { type HostProcess, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';

const WORKERS_APP = path.join(__dirname, '..', 'fixtures', 'workers-app');
// tempDir's folders are removed after the file (test/support/tempDirCleanupEnvironment.js).
const folder = tempDir;

// Started through the management API, not a starter function: with one worker, an orchestrator that
// spins would keep a starter in the same worker from ever reading its answer (as in one Node process in Azure).
async function start(host: HostProcess, name: string, input?: unknown): Promise<string> {
  const res = await request(`${host.url}/runtime/webhooks/durabletask/orchestrators/${name}`, { method: 'POST', body: input === undefined ? '' : JSON.stringify(input) });
  expect(res.status).toBe(202);
  return res.body.id;
}

async function startThroughFunction(host: HostProcess, name: string): Promise<string> {
  const res = await request(`${host.url}/api/start/${name}`, { method: 'POST', body: '' });
  expect(res.status).toBe(200);
  return res.body.id;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const began = Date.now();
  const value = await work();
  return { value, ms: Date.now() - began };
}

describe('function code runs in workers, bounded by functionTimeout (fixture: 00:00:03)', () => {
  let host: HostProcess;
  let data: string;
  beforeAll(async () => {
    data = folder('e2e-workers-');
    host = await startHostProcess({ dataDir: data, scriptRoot: WORKERS_APP });
  });
  afterAll(() => host?.stop());

  test('while an orchestrator spins in synchronous code, the host answers; the instance fails at the timeout, naming the function', async () => {
    const id = await start(host, 'Spin');
    await new Promise((r) => setTimeout(r, 300));
    const status = await timed(() => request(`${host.url}/admin/host/status`));
    expect(status.value.status).toBe(200);
    expect(status.ms).toBeLessThan(1000);
    const failed = await timed(() => waitForRuntimeStatus(host.url, id, ['Failed', 'Completed'], 10_000));
    expect(failed.value.body.runtimeStatus).toBe('Failed');
    expect(failed.value.body.output).toMatch(/Timeout value of 00:00:03 exceeded by function 'Functions\.Spin' \(Id: '[0-9a-f-]+'\)\. Initiating cancellation\./);
    // The stuck worker is ended and replaced: functions run again.
    const quick = await startThroughFunction(host, 'Quick');
    expect((await waitForRuntimeStatus(host.url, quick, ['Completed'], 10_000)).body.output).toMatchObject({ invocations: expect.any(Number) });
    expect(host.output()).toMatch(/stuck in synchronous code\. Ending it and starting a new one/);
  });

  test('ten activities that never settle time out and free their slots; a later orchestration completes', async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => start(host, 'CallHang')));
    for (const id of ids) {
      const done = await waitForRuntimeStatus(host.url, id, ['Completed', 'Failed'], 15_000);
      expect(done.body.output).toEqual({ failed: expect.stringMatching(/Timeout value of 00:00:03 exceeded by function 'Functions\.Hang'/) });
    }
    const quick = await start(host, 'Quick');
    expect((await waitForRuntimeStatus(host.url, quick, ['Completed'], 10_000)).body.runtimeStatus).toBe('Completed');
  });

  test("an activity past the timeout fails, and its retry policy runs it again", async () => {
    const id = await start(host, 'RetryAfterTimeout', 'key-1');
    const done = await waitForRuntimeStatus(host.url, id, ['Completed', 'Failed'], 15_000);
    expect(done.body.runtimeStatus).toBe('Completed');
    expect(done.body.output).toBe('second try of key-1');
  });

  test('an entity operation past the timeout fails that operation and rolls its changes back', async () => {
    const id = await start(host, 'TallyWithHang', 'tally-1');
    const done = await waitForRuntimeStatus(host.url, id, ['Completed', 'Failed'], 15_000);
    expect(done.body.output).toEqual({ failure: expect.stringMatching(/Timeout value of 00:00:03 exceeded by function 'Functions\.Tally'/), value: 1 });
  });

  test('an HTTP function that never answers gets 500 at the timeout; one that spins too, and the host goes on', async () => {
    const never = await timed(() => request(`${host.url}/api/never`));
    expect(never.value.status).toBe(500);
    expect(never.ms).toBeGreaterThanOrEqual(2900);
    expect(never.ms).toBeLessThan(8000);
    const spin = await request(`${host.url}/api/spin`);
    expect(spin.status).toBe(500);
    const hello = await request(`${host.url}/api/hello`);
    expect(hello.status).toBe(200);
  });

  test('SIGTERM stops the host while a function spins', async () => {
    const other = await startHostProcess({ dataDir: folder('e2e-workers-term-'), scriptRoot: WORKERS_APP });
    await start(other, 'Spin');
    await new Promise((r) => setTimeout(r, 300));
    const stopped = await timed(() => other.stop());
    expect(stopped.value).toBe(0);
    expect(stopped.ms).toBeLessThan(15_000);
  });

  test('a host SIGKILLed while an orchestrator spins starts again healthy, and the instance ends Failed', async () => {
    const crashData = folder('e2e-workers-kill-');
    const first = await startHostProcess({ dataDir: crashData, scriptRoot: WORKERS_APP });
    const id = await start(first, 'Spin');
    await new Promise((r) => setTimeout(r, 500));
    await first.kill();
    const second = await startHostProcess({ dataDir: crashData, scriptRoot: WORKERS_APP });
    try {
      const status = await timed(() => request(`${second.url}/admin/host/status`));
      expect(status.value.status).toBe(200);
      expect(status.ms).toBeLessThan(1000);
      const failed = await waitForRuntimeStatus(second.url, id, ['Failed'], 15_000);
      expect(failed.body.output).toMatch(/Timeout value of 00:00:03 exceeded by function 'Functions\.Spin'/);
    } finally {
      await second.stop();
    }
  });
});

describe('FUNCTIONS_WORKER_PROCESS_COUNT', () => {
  test('with 2 workers invocations spread over both, and each keeps its own app state', async () => {
    const host = await startHostProcess({ dataDir: folder('e2e-workers-two-'), scriptRoot: WORKERS_APP, env: { FUNCTIONS_WORKER_PROCESS_COUNT: '2' } });
    try {
      const id = await start(host, 'FanOutWho');
      const done = await waitForRuntimeStatus(host.url, id, ['Completed'], 15_000);
      const runs = done.body.output as { threadId: number; invocations: number }[];
      const threads = new Set(runs.map((r) => r.threadId));
      expect(threads.size).toBe(2);
      // Module state is per worker: each counts only its own invocations.
      for (const thread of threads) {
        const counts = runs.filter((r) => r.threadId === thread).map((r) => r.invocations).sort((a, b) => a - b);
        expect(counts).toEqual(counts.map((_, i) => i + 1));
      }
    } finally {
      await host.stop();
    }
  });

  test('a count out of range is refused at start', async () => {
    await expect(startHostProcess({ dataDir: folder('e2e-workers-bad-'), scriptRoot: WORKERS_APP, env: { FUNCTIONS_WORKER_PROCESS_COUNT: '11' } })).rejects.toThrow(
      /FUNCTIONS_WORKER_PROCESS_COUNT must be a whole number from 1 to 10/,
    );
  });
});
