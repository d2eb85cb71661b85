import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DashboardAssets } from '../../src/host/dashboard/DashboardAssets';
import { DashboardProxy } from '../../src/host/dashboard/DashboardProxy';
import { request, tempDir } from '../support/hostProcess';

const get = (segments: string[], pathname = '/runtime/webhooks/durabletask/dashboard/', method = 'GET') => ({ method, url: new URL(`http://localhost${pathname}?code=k`), segments });

describe("the dashboard's files", () => {
  test('index.html for the folder, the files by name with their types, nothing else', async () => {
    const dir = tempDir('dashboard-files-');
    fs.writeFileSync(path.join(dir, 'index.html'), '<p>hi</p>');
    fs.writeFileSync(path.join(dir, 'app.js'), 'void 0;');
    const assets = new DashboardAssets(dir);
    expect(await assets.handle(get([]))).toMatchObject({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: Buffer.from('<p>hi</p>') });
    expect(await assets.handle(get(['app.js']))).toMatchObject({ status: 200, headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
    // Without the trailing slash the page's relative links would miss: redirected, the key kept.
    expect(await assets.handle(get([], '/runtime/webhooks/durabletask/dashboard'))).toEqual({ status: 301, headers: { Location: 'dashboard/?code=k' } });
    for (const segments of [['..%2Fpackage.json'], ['..'], ['a', 'app.js'], ['missing.js']]) expect((await assets.handle(get(segments))).status).toBe(404);
    expect((await assets.handle(get(['app.js'], undefined, 'POST'))).status).toBe(405);
  });

  test('a dashboard that was not built says how to build it', async () => {
    const res = await new DashboardAssets(tempDir('dashboard-unbuilt-')).handle(get([]));
    expect(res.status).toBe(503);
    expect(String(res.body)).toMatch(/npm run build/);
  });
});

describe('the dashboard proxy of durable-host dashboard', () => {
  test('an app that does not answer is a 502 with its address; other paths are not forwarded', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closed = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const proxy = await DashboardProxy.start({ target: `http://127.0.0.1:${closed}`, port: 0, hostname: '127.0.0.1' });
    try {
      const res = await request(`${proxy.url}/runtime/webhooks/durabletask/instances`);
      expect(res.status).toBe(502);
      expect(res.body.message).toContain(`Could not reach http://127.0.0.1:${closed}`);
      expect((await request(`${proxy.url}/api/orders`)).status).toBe(404);
      expect((await request(`${proxy.url}/runtime/webhooks/durabletask/instances`, { method: 'PUT', body: '{}' })).status).toBe(405);
    } finally {
      await proxy.close();
    }
  });
});
