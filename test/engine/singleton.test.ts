import { DurableTestEnvironment } from '../../src/testing';
import { request } from '../support/hostProcess';
import { APP_ROOT } from '../support/paths';

const DISABLED = 'AzureWebJobs__QueueTriggeredStarter__Disabled';

describe('POST /api/singleton (virtual clock, real HTTP)', () => {
  let env: DurableTestEnvironment;
  let url: string;

  beforeAll(async () => {
    process.env[DISABLED] = 'true';
    env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT });
    url = `${env.url}/api/singleton`;
  });

  afterAll(async () => {
    await env.dispose();
    delete process.env[DISABLED];
  });

  test('starts SingletonOrchestration, answers 409 while it runs, and starts it again once it has finished', async () => {
    const first = await request(url, { method: 'POST' });
    expect(first.status).toBe(202);
    expect(first.body.id).toBe('singleton');
    await env.runUntilIdle();
    expect(env.getStatus('singleton')).toMatchObject({ runtimeStatus: 'Running', customStatus: { stage: 'Working' } });

    const second = await request(url, { method: 'POST', body: { holdFor: '5s' } });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('SingletonOrchestration is already Running as instance "singleton"; start it again once it has finished.');

    await env.advanceTime('1m');
    expect(env.getStatus('singleton')).toMatchObject({ runtimeStatus: 'Completed', output: { instanceId: 'singleton', heldForMs: 60_000 } });

    const third = await request(url, { method: 'POST', body: { holdFor: '5s' } });
    expect(third.status).toBe(202);
    const done = await env.waitForCompletion('singleton');
    expect(done.output).toMatchObject({ heldForMs: 5000 });
  });

  test('a body that is not JSON or asks for a bad duration is a 400 and starts nothing', async () => {
    const before = env.getStatus('singleton')?.createdTime;
    const notJson = await request(url, { method: 'POST', body: '{"holdFor":' });
    expect(notJson.status).toBe(400);
    const badDuration = await request(url, { method: 'POST', body: { holdFor: 'a while' } });
    expect(badDuration.status).toBe(400);
    expect(badDuration.body.error).toMatch(/Invalid duration "a while"/);
    expect(env.getStatus('singleton')?.createdTime).toEqual(before);
  });
});
