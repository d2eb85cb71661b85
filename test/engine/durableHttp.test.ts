import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DurableTestEnvironment } from '../../src/testing';
import { EventType } from '../../src/host/durable/model/history';
import { FIDELITY_APP } from '../support/fidelityApp';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The far side of a callHttp: a job API that answers 202 with a Location until it is done. */
async function jobServer(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  let polls = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.method === 'POST' && req.url === '/jobs') {
        res.writeHead(202, { Location: '/jobs/1', 'Retry-After': '3' }).end();
      } else if (req.url === '/jobs/1') {
        polls++;
        if (polls < 2) res.writeHead(202, { Location: '/jobs/1', 'Retry-After': '5' }).end();
        else res.writeHead(200, { 'Content-Type': 'application/json', 'X-Answer': '42' }).end('{"done":true}');
      } else {
        res.writeHead(404).end('no such thing');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('context.df.callHttp, made by the host as the extension’s built-in HTTP activity', () => {
  let env: DurableTestEnvironment;
  let api: Awaited<ReturnType<typeof jobServer>>;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: FIDELITY_APP });
    api = await jobServer();
  });

  afterAll(async () => {
    await env.dispose();
    await api.close();
  });

  test('follows 202 + Location with GETs after Retry-After (durable timers), until the final answer', async () => {
    const started = env.now().getTime();
    const id = await env.start('CallHttp', {
      method: 'POST',
      url: `${api.url}/jobs`,
      body: { size: 3 },
      headers: { 'Content-Type': 'application/json', 'x-functions-key': 'secret', 'x-trace': 't-1' },
    });
    const status = await env.waitForCompletion(id);
    expect(status.output).toEqual({ statusCode: 200, content: '{"done":true}', location: null, header: '42' });
    expect(api.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1']);
    expect(api.seen[0]).toMatchObject({ body: '{"size":3}', headers: expect.objectContaining({ 'content-type': 'application/json', 'x-functions-key': 'secret' }) });
    // The polls keep the headers but not the function key, as the extension's CreateLocationPollRequest.
    expect(api.seen[1].headers).toMatchObject({ 'x-trace': 't-1' });
    expect(api.seen[1].headers['x-functions-key']).toBeUndefined();
    // Retry-After 3 s, then 5 s, in orchestration time.
    expect(env.now().getTime() - started).toBeGreaterThanOrEqual(8_000);
    const history = env.getHistory(id);
    expect(history.filter((e) => e.EventType === EventType.TaskScheduled).map((e) => e.Name)).toEqual(['BuiltIn::HttpActivity', 'BuiltIn::HttpActivity', 'BuiltIn::HttpActivity']);
    expect(history.filter((e) => e.EventType === EventType.TimerCreated)).toHaveLength(2);
  });

  test('without polling (enablePolling: false) the 202 itself is the answer', async () => {
    api.seen.length = 0;
    const id = await env.start('CallHttp', { method: 'POST', url: `${api.url}/jobs`, enablePolling: false });
    expect((await env.waitForCompletion(id)).output).toEqual({ statusCode: 202, content: '', location: '/jobs/1', header: null });
    expect(api.seen).toHaveLength(1);
  });

  test('any status is an answer, not a failure', async () => {
    const id = await env.start('CallHttp', { method: 'GET', url: `${api.url}/missing` });
    expect((await env.waitForCompletion(id)).output).toMatchObject({ statusCode: 404, content: 'no such thing' });
  });

  test('a managed identity token source is refused with a clear message the orchestrator can catch', async () => {
    const id = await env.start('CallHttp', { method: 'GET', url: `${api.url}/jobs/1`, managedIdentity: 'https://management.core.windows.net/.default' });
    const { output } = await env.waitForCompletion(id);
    expect((output as { failed: string }).failed).toMatch(
      /asks for a managed identity token for 'https:\/\/management\.core\.windows\.net\/\.default' \(ManagedIdentityTokenSource\), which this host cannot get/,
    );
  });

  test('a request that cannot be made fails the task with the reason', async () => {
    const id = await env.start('CallHttp', { method: 'GET', url: 'http://127.0.0.1:1/nothing-listens' });
    const { output } = await env.waitForCompletion(id);
    expect((output as { failed: string }).failed).toMatch(/^The HTTP request GET http:\/\/127\.0\.0\.1:1\/nothing-listens failed: /);
  });
});
