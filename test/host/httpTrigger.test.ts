import path from 'node:path';
import { FunctionHost } from '../../src/host/FunctionHost';
import { HostLogger } from '../../src/host/logging/HostLogger';
import { request } from '../support/hostProcess';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'http-app');

describe('HTTP triggers on the local host', () => {
  let host: FunctionHost;
  let base: string;

  beforeAll(async () => {
    host = await FunctionHost.start({ scriptRoot: FIXTURE, port: 0, inMemory: true, logger: HostLogger.silent() });
    base = `${host.url}/v1`;
  });

  afterAll(async () => {
    await host.stop();
  });

  test('route parameters, an optional one left out, the query, headers and local.settings.json values reach the function', async () => {
    const res = await request(`${base}/echo/widget?color=red&size=2`, { headers: { 'x-test': 'yes' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      method: 'GET',
      params: { name: 'widget' },
      query: { color: 'red', size: '2' },
      header: 'yes',
      contentType: null,
      body: null,
      greeting: 'hello from local.settings.json',
    });
    const withId = await request(`${base}/echo/widget/42`);
    expect(withId.body.params).toEqual({ name: 'widget', id: '42' });
  });

  test('route parameters are decoded and literal segments match case-insensitively', async () => {
    const res = await request(`${base}/ECHO/caf%C3%A9%20au%20lait`);
    expect(res.body.params).toEqual({ name: 'café au lait' });
  });

  test('JSON and text bodies arrive as sent, with their content type', async () => {
    const json = await request(`${base}/echo/x`, { body: '{"a":[1,2]}', headers: { 'content-type': 'application/json' } });
    expect(json.body).toMatchObject({ method: 'POST', body: '{"a":[1,2]}', contentType: 'application/json' });
    const text = await request(`${base}/echo/x`, { body: 'plain words', headers: { 'content-type': 'text/plain' } });
    expect(text.body).toMatchObject({ body: 'plain words', contentType: 'text/plain' });
  });

  test('a binary body arrives byte for byte and a binary response goes back with its headers', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10]);
    const res = await fetch(`${base}/bytes`, { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('x-length')).toBe('6');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([10, 255, 250, 2, 1, 0]));
  });

  test('a constrained parameter only matches what fits it, and the status a function sets is kept', async () => {
    const ok = await request(`${base}/items/17`);
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ n: 17 });
    expect((await request(`${base}/items/seventeen`)).status).toBe(404);
  });

  test('a catch-all parameter takes the rest of the path', async () => {
    expect((await request(`${base}/files/a/b/c.txt`)).text).toBe('path=a/b/c.txt');
  });

  test('a route without a template is the function name, with the library default methods GET and POST', async () => {
    expect((await request(`${base}/DefaultRoute`)).text).toBe('any method');
    expect((await request(`${base}/defaultroute`, { method: 'POST', body: 'x' })).text).toBe('any method');
    expect((await request(`${base}/DefaultRoute`, { method: 'DELETE' })).status).toBe(405);
  });

  test('unknown routes answer 404, a wrong method 405, a failing function 500, and nothing returned 204', async () => {
    expect((await request(`${base}/nowhere`)).status).toBe(404);
    expect((await request(`${host.url}/echo/x`)).status).toBe(404);
    expect((await request(`${base}/items/3`, { method: 'POST', body: '{}' })).status).toBe(405);
    const broken = await request(`${base}/Broken`);
    expect(broken.status).toBe(500);
    expect(broken.text).not.toContain('always fails');
    expect((await request(`${base}/Nothing`)).status).toBe(204);
  });

  test('/admin/host/status answers 200 once the functions are registered', async () => {
    const res = await request(`${host.url}/admin/host/status`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'Running', functions: 7 });
  });
});
