import { type HostProcess, request, startHostProcess, tempDir } from '../support/hostProcess';

// Bad input of every kind against every route: the host answers 4xx (or 2xx), never 5xx, and keeps serving.
describe('bad input never gets a 5xx and never stops the host', () => {
  let host: HostProcess;

  beforeAll(async () => {
    host = await startHostProcess({ dataDir: tempDir('e2e-fuzz-'), env: { FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: String(256 * 1024) } });
  });

  afterAll(async () => {
    expect(await host.stop()).toBe(0);
  });

  const ids = [
    'plain',
    'a'.repeat(300),
    'x'.repeat(5000),
    '..',
    '../../etc/passwd',
    '%2e%2e%2f%2e%2e',
    '%E0%A4%A',
    'ünïcödé-😀',
    '@counter@key',
    'with space',
    'semi;colon',
    '%00null',
    "quote'\"",
  ];
  const bodies: (string | undefined)[] = [
    undefined,
    '',
    '{',
    '{"orderId":',
    'null',
    '[]',
    '"just a string"',
    '12345678901234567890123456789',
    '{"orderId":"o","items":"not-an-array","amount":"ten"}',
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
    JSON.stringify({ deep: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) }),
    '\u0000\u0001\u0002',
    '😀'.repeat(1000),
  ];
  const contentTypes = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'multipart/form-data; boundary=x'];

  function routes(id: string): [string, string][] {
    const e = encodeURIComponent(id);
    return [
      ['POST', `/api/orchestrators/${e}`],
      ['POST', `/api/orchestrators/OrderProcessingOrchestration?instanceId=${e}`],
      ['GET', `/api/orchestrations/${e}`],
      ['POST', `/api/orchestrations/${e}/terminate`],
      ['POST', `/api/orchestrations/${e}/events/${e}`],
      ['GET', `/api/health`],
      ['POST', `/runtime/webhooks/durabletask/orchestrators/${e}`],
      ['POST', `/runtime/webhooks/durabletask/orchestrators/OrderProcessingOrchestration/${e}`],
      ['GET', `/runtime/webhooks/durabletask/instances/${e}?showHistory=true&showHistoryOutput=true`],
      ['GET', `/runtime/webhooks/durabletask/instances?runtimeStatus=${e}&createdTimeFrom=${e}&top=${e}`],
      ['POST', `/runtime/webhooks/durabletask/instances/${e}/raiseEvent/${e}`],
      ['POST', `/runtime/webhooks/durabletask/instances/${e}/terminate?reason=${e}`],
      ['POST', `/runtime/webhooks/durabletask/instances/${e}/suspend`],
      ['POST', `/runtime/webhooks/durabletask/instances/${e}/rewind`],
      ['POST', `/runtime/webhooks/durabletask/instances/${e}/restart`],
      ['DELETE', `/runtime/webhooks/durabletask/instances/${e}`],
      ['DELETE', `/runtime/webhooks/durabletask/instances?createdTimeTo=${e}`],
      ['POST', `/runtime/webhooks/durabletask/entities/${e}/${e}?op=${e}`],
      ['GET', `/runtime/webhooks/durabletask/entities/${e}/${e}`],
      ['GET', `/runtime/webhooks/durabletask/entities?top=${e}`],
      ['GET', `/admin/host/status`],
      ['PATCH', `/api/${e}/${e}`],
    ];
  }

  test('every route, every bad id, body and content type', async () => {
    const failures: string[] = [];
    let n = 0;
    for (const id of ids) {
      for (const [method, path] of routes(id)) {
        const body = method === 'GET' || method === 'DELETE' ? undefined : bodies[n % bodies.length];
        const contentType = contentTypes[n % contentTypes.length];
        n++;
        const res = await request(`${host.url}${path}`, { method, body, headers: { 'content-type': contentType } });
        if (res.status >= 500 && !(path === '/api/health' && res.status === 503)) failures.push(`${method} ${path} [${contentType}] ${JSON.stringify(body)?.slice(0, 60)} -> ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(n).toBeGreaterThan(250);
    expect((await request(`${host.url}/api/health`)).status).toBe(200);
  });

  test('a body over the limit answers 413 on app and management routes alike, and the host keeps serving', async () => {
    const huge = JSON.stringify({ orderId: 'big', pad: 'x'.repeat(300 * 1024) });
    for (const path of ['/api/orchestrators/OrderProcessingOrchestration', '/runtime/webhooks/durabletask/orchestrators/OrderProcessingOrchestration']) {
      const res = await request(`${host.url}${path}`, { method: 'POST', body: huge, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(413);
    }
    expect((await request(`${host.url}/api/health`)).status).toBe(200);
  });

  test('a flood of concurrent malformed requests leaves the host answering', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        request(`${host.url}/api/orchestrators/OrderProcessingOrchestration`, { method: 'POST', body: i % 2 ? '{"broken' : '[1,2', headers: { 'content-type': 'application/json' } }).then((r) => r.status),
      ),
    );
    expect(statuses.every((s) => s === 400)).toBe(true);
    expect((await request(`${host.url}/api/health`)).status).toBe(200);
  });
});
