import { DurableTestEnvironment } from '../../src/testing';
import { type JsonResponse, request } from '../support/hostProcess';
import { SAMPLES_APP } from '../support/samplesApp';

// The official samples' shapes, started and read over real HTTP; virtual time carries the timers.
describe('conformance with the durable-functions samples, over HTTP', () => {
  let env: DurableTestEnvironment;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: SAMPLES_APP });
  });

  afterAll(async () => {
    await env.dispose();
  });

  async function startOverHttp(name: string, input?: unknown): Promise<{ id: string; statusUrl: string }> {
    const res = await request(`${env.url}/api/orchestrators/${name}`, { method: 'POST', body: input === undefined ? '' : JSON.stringify(input) });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(res.body.statusQueryGetUri);
    return { id: res.body.id, statusUrl: res.body.statusQueryGetUri };
  }

  async function finish(name: string, input?: unknown): Promise<JsonResponse> {
    const { id, statusUrl } = await startOverHttp(name, input);
    await env.waitForCompletion(id);
    const status = await request(statusUrl);
    expect(status.status).toBe(200);
    return status;
  }

  test('hello sequence: three activities in order', async () => {
    const status = await finish('HelloSequence');
    expect(status.body).toMatchObject({ runtimeStatus: 'Completed', output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'] });
  });

  test('fan-out/fan-in backup: a copy per file in parallel, summed', async () => {
    const status = await finish('BackupSiteContent', { files: 25 });
    const expected = Array.from({ length: 25 }, (_, i) => `file-${i}.txt`.length * 100).reduce((a, b) => a + b, 0);
    expect(status.body.output).toEqual({ files: 25, bytes: expected });
  });

  test('call activity with retry: two transient failures, then success with exponential back-off', async () => {
    const before = env.now().getTime();
    const status = await finish('CallActivityWithRetry', { key: 'conf-retry', failures: 2 });
    expect(status.body.output).toBe('Hello after 3 attempts');
    expect(env.now().getTime() - before).toBe(1000 + 2000);
  });

  test('call sub-orchestrator with retry: the child fails once and its retry completes', async () => {
    const status = await finish('CallSubOrchestratorWithRetry', { key: 'conf-child', failures: 1, childId: 'conf-child-1' });
    expect(status.body.output).toMatchObject({ child: 'conf-child-1', run: 2 });
    expect(status.body.output.parent).toEqual(expect.any(String));
  });

  test('cancel timer: the event wins and the timer is cancelled; without it the timer wins', async () => {
    const { id } = await startOverHttp('CancelTimer');
    await env.runUntilIdle();
    await request(`${env.url}/runtime/webhooks/durabletask/instances/${id}/raiseEvent/Approval`, { body: '"alice"' });
    const approved = await env.waitForCompletion(id);
    expect(approved.output).toEqual({ result: 'approved', by: 'alice' });
    expect(env.nextTimerAt()).toBeUndefined();

    const timedOut = await finish('CancelTimer');
    expect(timedOut.body.output).toEqual({ result: 'timed out' });
  });

  test('continue-as-new counter: a new execution per event, history reset each time', async () => {
    const { id, statusUrl } = await startOverHttp('ContinueAsNewCounter', { count: 0, target: 6 });
    for (const amount of [1, 2, 3]) {
      await env.runUntilIdle();
      await env.raiseEvent(id, 'Add', amount);
    }
    const done = await env.waitForCompletion(id);
    expect(done.output).toBe(6);
    const status = await request(`${statusUrl}&showHistory=true`);
    const started = status.body.historyEvents.filter((e: { EventType: string }) => e.EventType === 'ExecutionStarted');
    expect(started).toHaveLength(1);
    // The extension shows inputs as the JSON text the history keeps.
    expect(JSON.parse(started[0].Input)).toEqual({ count: 3, target: 6 });
  });

  test('phone verification: the right code verifies, silence times out after 90 s', async () => {
    const { id } = await startOverHttp('PhoneVerification', '+1 425 555 1234');
    await env.runUntilIdle();
    await env.raiseEvent(id, 'SmsChallengeResponse', 1111);
    await env.runUntilIdle();
    await env.raiseEvent(id, 'SmsChallengeResponse', 4321);
    expect((await env.waitForCompletion(id)).output).toBe(true);

    const before = env.now().getTime();
    const silent = await finish('PhoneVerification', '+1 425 555 9876');
    expect(silent.body.output).toBe(false);
    expect(env.now().getTime() - before).toBe(90_000);
  });

  test('weather monitor: checks every 30 minutes until it is clear', async () => {
    const before = env.now().getTime();
    const status = await finish('WeatherMonitor', { location: 'Redmond', clearAfter: 4, hours: 6 });
    expect(status.body.output).toEqual({ alert: 'It is clear in Redmond', checks: 4 });
    expect(env.now().getTime() - before).toBe(3 * 30 * 60_000);
  });

  test('sync HTTP start: 200 with the output when it finishes in time, 202 with the links when it does not', async () => {
    const done = await request(`${env.url}/api/orchestrators/HelloSequence/wait?timeout=5&interval=0.05`, { method: 'POST', body: '' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);

    const waiting = await request(`${env.url}/api/orchestrators/CancelTimer/wait?timeout=0.3&interval=0.1`, { method: 'POST', body: '' });
    expect(waiting.status).toBe(202);
    expect(waiting.body.statusQueryGetUri).toContain(waiting.body.id);
  });
});
