import path from 'node:path';
import { DurableTestEnvironment } from '../../src/testing';
import { request } from '../support/hostProcess';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'timer-app');

interface Run {
  name: string;
  trigger: unknown;
  triggerMetadata?: Record<string, unknown>;
}

const runs = (name: string): Run[] => ((globalThis as { timerRuns?: Run[] }).timerRuns ?? []).filter((r) => r.name === name);

describe('GET /admin/functions[/{name}]: the functions as the Functions host describes them', () => {
  let env: DurableTestEnvironment;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: FIXTURE });
  });

  afterAll(async () => {
    await env.dispose();
  });

  test('the list names every function with its bindings, and an HTTP function with the URL it is called at', async () => {
    const res = await request(`${env.url}/admin/functions`);
    expect(res.status).toBe(200);
    const names = res.body.map((f: { name: string }) => f.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    expect(names).toEqual(expect.arrayContaining(['Hourly', 'Ping', 'SomeActivity', 'BlobWatcher', 'QueueByHand']));
    const ping = res.body.find((f: { name: string }) => f.name === 'Ping');
    expect(ping).toMatchObject({
      name: 'Ping',
      href: expect.stringMatching(/^http:\/\/[^/]+\/admin\/functions\/Ping$/),
      invoke_url_template: expect.stringMatching(/^http:\/\/[^/]+\/api\/ping$/),
      language: 'node',
      isDisabled: false,
      isDirect: false,
      isProxy: false,
    });
    expect(ping.config.bindings).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'httpTrigger', direction: 'in', methods: ['GET'], authLevel: 'anonymous' })]));
    const hourly = res.body.find((f: { name: string }) => f.name === 'Hourly');
    expect(hourly.invoke_url_template).toBeNull();
    expect(hourly.config.bindings).toEqual([expect.objectContaining({ type: 'timerTrigger', direction: 'in', schedule: '0 0 * * * *' })]);
  });

  test('one function by its name, in any case; an unknown name is a 404', async () => {
    const one = await request(`${env.url}/admin/functions/someactivity`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ name: 'SomeActivity', config: { bindings: [expect.objectContaining({ type: 'activityTrigger' })] }, invoke_url_template: null });
    const missing = await request(`${env.url}/admin/functions/NoSuchFunction`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/No function named 'NoSuchFunction'/);
    expect((await request(`${env.url}/admin/functions`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('POST /admin/functions/{name}: running a non-HTTP function by hand', () => {
  let env: DurableTestEnvironment;
  let admin: string;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: FIXTURE });
    admin = `${env.url}/admin/functions`;
  });

  afterAll(async () => {
    await env.dispose();
  });

  beforeEach(() => {
    (globalThis as { timerRuns?: Run[] }).timerRuns = [];
  });

  test('a timer function runs at once, not past due and with no schedule status, as func start does', async () => {
    const res = await request(`${admin}/Hourly`, { body: {} });
    expect(res.status).toBe(202);
    await env.runUntilIdle();
    expect(runs('Hourly').map((r) => r.trigger)).toEqual([{ isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: null }]);
  });

  test("a queue function gets the input as its message, JSON-parsed when it parses, with queue metadata, though its queue has no listener", async () => {
    expect((await request(`${admin}/QueueByHand`, { body: { input: '{"orderId":"o-9"}' } })).status).toBe(202);
    expect((await request(`${admin}/queuebyhand`, { body: { input: 'plain text' } })).status).toBe(202);
    await env.runUntilIdle();
    const [json, text] = runs('QueueByHand');
    expect(json.trigger).toEqual({ orderId: 'o-9' });
    expect(json.triggerMetadata).toMatchObject({ dequeueCount: 1, id: expect.any(String), queueTrigger: { orderId: 'o-9' } });
    expect(text.trigger).toBe('plain text');
  });

  test('an empty body runs the function with an empty input', async () => {
    expect((await request(`${admin}/Hourly`, { method: 'POST' })).status).toBe(202);
    await env.runUntilIdle();
    expect(runs('Hourly')).toHaveLength(1);
  });

  test('bad requests get a JSON error with the right status and run nothing', async () => {
    const cases: [string, string, string | undefined, number, RegExp][] = [
      ['POST', '/NoSuchFunction', '{}', 404, /No function named 'NoSuchFunction'/],
      ['POST', '/Hourly', '{"input": ', 400, /not valid JSON/],
      ['POST', '/Hourly', '["input"]', 400, /JSON object like \{"input"/],
      ['POST', '/Ping', '{}', 400, /'Ping' is an HTTP function/],
      ['POST', '/SomeActivity', '{}', 400, /durable function \(activityTrigger\)/],
      ['POST', '/BlobWatcher', '{}', 400, /has a blobTrigger, which this host cannot run/],
      ['PUT', '/Hourly', '{}', 405, /Use GET to describe a function or POST to run it/],
      ['POST', '/Hourly/extra', '{}', 404, /admin\/functions\/\{name\}/],
      ['POST', '/%E0%A4%A', '{}', 400, /percent-encoding/],
    ];
    for (const [method, route, body, status, message] of cases) {
      const res = await request(`${admin}${route}`, { method, body });
      expect({ route, method, status: res.status }).toEqual({ route, method, status });
      expect(res.body.message).toMatch(message);
    }
    await env.runUntilIdle();
    expect((globalThis as { timerRuns?: Run[] }).timerRuns).toEqual([]);
  });
});
