import fs from 'node:fs';
import path from 'node:path';
import { type HostProcess, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';
import { SAMPLES_APP } from '../support/samplesApp';

describe('--enable-auth', () => {
  const MASTER = 'test-master-key';
  const FUNCTION = 'test-function-key';
  let host: HostProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir('e2e-auth-');
    host = await startHostProcess({
      dataDir,
      scriptRoot: SAMPLES_APP,
      args: ['--enable-auth'],
      env: { FUNCTIONS_MASTER_KEY: MASTER, FUNCTIONS_FUNCTION_KEY: FUNCTION },
    });
  });

  afterAll(async () => {
    await host.stop();
  });

  test('a function-level route needs the function key or the master key, by header or by code', async () => {
    expect((await request(`${host.url}/api/secured/ping`)).status).toBe(401);
    expect((await request(`${host.url}/api/secured/ping?code=wrong`)).status).toBe(401);
    expect((await request(`${host.url}/api/secured/ping`, { headers: { 'x-functions-key': FUNCTION } })).text).toBe('pong');
    expect((await request(`${host.url}/api/secured/ping?code=${MASTER}`)).text).toBe('pong');
  });

  test('an admin-level route, the admin routes and the management API need the master key', async () => {
    expect((await request(`${host.url}/api/admin-only/ping`, { headers: { 'x-functions-key': FUNCTION } })).status).toBe(401);
    expect((await request(`${host.url}/api/admin-only/ping`, { headers: { 'x-functions-key': MASTER } })).text).toBe('admin pong');
    expect((await request(`${host.url}/admin/host/status`)).status).toBe(401);
    expect((await request(`${host.url}/admin/host/status?code=${MASTER}`)).status).toBe(200);
    expect((await request(`${host.url}/runtime/webhooks/durabletask/instances`)).status).toBe(401);
    expect((await request(`${host.url}/runtime/webhooks/durabletask/instances`, { headers: { 'x-functions-key': FUNCTION } })).status).toBe(401);
    expect((await request(`${host.url}/runtime/webhooks/durabletask/instances?code=${MASTER}`)).status).toBe(200);
  });

  test('anonymous functions stay open, their durable client still works, and the links they hand out carry a key that works', async () => {
    const start = await request(`${host.url}/api/orchestrators/HelloSequence`, { method: 'POST', body: '' });
    expect(start.status).toBe(202);
    expect(start.body.statusQueryGetUri).toMatch(/[?&]code=/);
    const done = await waitForRuntimeStatus(host.url, start.body.id, ['Completed'], 15_000, start.body.statusQueryGetUri);
    expect(done.body.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
  });

  test('generated keys are stored once under the data folder and kept across restarts', async () => {
    const dir = tempDir('e2e-auth-generated-');
    const first = await startHostProcess({ dataDir: dir, scriptRoot: SAMPLES_APP, args: ['--enable-auth'], env: { FUNCTIONS_MASTER_KEY: '', FUNCTIONS_FUNCTION_KEY: '' } });
    const keys = JSON.parse(fs.readFileSync(path.join(dir, 'host-keys.json'), 'utf8'));
    await first.stop();
    const second = await startHostProcess({ dataDir: dir, scriptRoot: SAMPLES_APP, args: ['--enable-auth'], env: { FUNCTIONS_MASTER_KEY: '', FUNCTIONS_FUNCTION_KEY: '' } });
    try {
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'host-keys.json'), 'utf8'))).toEqual(keys);
      expect((await request(`${second.url}/api/secured/ping`, { headers: { 'x-functions-key': keys.function } })).text).toBe('pong');
      expect((await request(`${second.url}/api/secured/ping`)).status).toBe(401);
    } finally {
      await second.stop();
    }
  });

  test('without --enable-auth no key is needed, as with func start', async () => {
    const open = await startHostProcess({ dataDir: tempDir('e2e-noauth-'), scriptRoot: SAMPLES_APP });
    try {
      expect((await request(`${open.url}/api/secured/ping`)).text).toBe('pong');
      expect((await request(`${open.url}/admin/host/status`)).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});
