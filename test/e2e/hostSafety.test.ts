import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { APP_ROOT } from '../support/paths';
import { type HostProcess, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';
import { SAMPLES_APP } from '../support/samplesApp';

const CLI = path.join(APP_ROOT, 'dist', 'src', 'host', 'cli.js');
// tempDir's folders are removed after the file (test/support/tempDirCleanupEnvironment.js).
const folder = tempDir;

/** Runs `durable-host start` to its end; resolves with the exit code and what it printed. */
function runHost(args: string[], timeoutMs = 15_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'start', '--no-azurite', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The host did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Sends raw bytes and resolves with the first line of the answer. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
      if (answer.includes('\r\n')) {
        resolve(answer.split('\r\n')[0]);
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}

describe('one host per store', () => {
  let first: HostProcess;
  let data: string;
  beforeAll(async () => {
    data = folder('e2e-lock-');
    first = await startHostProcess({ dataDir: data, scriptRoot: SAMPLES_APP });
  });
  afterAll(() => first.stop());

  test('a second host on the same data exits non-zero, naming the first host by PID and URL; the first serves on', async () => {
    const second = await runHost(['--script-root', SAMPLES_APP, '--port', '0', '--data', data]);
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(`PID ${first.child.pid}`);
    expect(second.output).toContain(first.url);
    expect(second.output).not.toContain('Host started');
    expect((await request(`${first.url}/admin/host/status`)).status).toBe(200);
  });

  test('a port already in use does not suggest a second host on the same data', async () => {
    const port = new URL(first.url).port;
    const other = await runHost(['--script-root', SAMPLES_APP, '--port', port, '--data', folder('e2e-port-')]);
    expect(other.code).toBe(1);
    expect(other.output).toMatch(new RegExp(`Port ${port} is already in use`));
    expect(other.output).not.toMatch(/same data/i);
  });
});

describe('the store file under a running host', () => {
  test('a store deleted while the host runs stops the host with a clear error', async () => {
    const data = folder('e2e-deleted-');
    const host = await startHostProcess({ dataDir: data, scriptRoot: SAMPLES_APP });
    const exited = new Promise<number | null>((resolve) => host.child.once('exit', (code) => resolve(code)));
    await request(`${host.url}/runtime/webhooks/durabletask/orchestrators/HelloSequence/before-delete`, { method: 'POST', body: '' });
    await waitForRuntimeStatus(host.url, 'before-delete', ['Completed']);
    fs.rmSync(path.join(data, 'SamplesHub.sqlite'));
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 5_000))]);
    if (code === 'still running') await host.kill();
    expect(code).toBe(1);
    expect(host.output()).toMatch(/The durable store .*SamplesHub\.sqlite was deleted while the host ran/);
  });

  test('a 0-byte store is refused at start with how to recover', async () => {
    const data = folder('e2e-empty-');
    fs.writeFileSync(path.join(data, 'SamplesHub.sqlite'), '');
    const result = await runHost(['--script-root', SAMPLES_APP, '--port', '0', '--data', data]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/0-byte.*move it aside/s);
  });
});

describe('HTTP in front of the host', () => {
  let host: HostProcess;
  beforeAll(async () => {
    host = await startHostProcess({ dataDir: folder('e2e-http-'), scriptRoot: SAMPLES_APP, args: ['--enable-auth'] });
  });
  afterAll(() => host.stop());

  test('a request without a key is refused before its body is read', async () => {
    const port = Number(new URL(host.url).port);
    // 95 MB announced, none of it sent: the answer must come from the headers alone.
    const first = await rawRequest(
      port,
      'POST /runtime/webhooks/durabletask/orchestrators/HelloSequence HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 99614720\r\n\r\n',
    );
    expect(first).toBe('HTTP/1.1 401 Unauthorized');
    const app = await rawRequest(port, 'POST /api/secured/ping HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99614720\r\n\r\n');
    expect(app).toBe('HTTP/1.1 405 Method Not Allowed');
    const unknown = await rawRequest(port, 'PUT /api/no/such/route HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99614720\r\n\r\n');
    expect(unknown).toBe('HTTP/1.1 404 Not Found');
  });

  test('a Host header that is no host answers 400, not 500', async () => {
    const port = Number(new URL(host.url).port);
    expect(await rawRequest(port, 'GET /api/anything HTTP/1.1\r\nHost: bad host/with space\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
    expect(await rawRequest(port, 'GET /api/anything HTTP/1.1\r\nHost: a@b\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
  });
});

describe('connections', () => {
  test('past the connection cap new connections are refused with one log line, and the host serves again once they close', async () => {
    const data = folder('e2e-conns-');
    // A 300-descriptor limit leaves room for about 44 connections (see defaultMaxConnections).
    const child = spawn('bash', ['-c', `ulimit -n 300 && exec "${process.execPath}" "${CLI}" start --no-azurite --script-root "${SAMPLES_APP}" --port 0 --data "${data}"`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const sockets: net.Socket[] = [];
    try {
      const deadline = Date.now() + 15_000;
      while (!/Host started: (http:\/\/\S+?) /.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const url = /Host started: (http:\/\/\S+?) /.exec(output)![1];
      const port = Number(new URL(url).port);
      for (let i = 0; i < 400; i++) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        sockets.push(socket);
      }
      const until = Date.now() + 5_000;
      while (!output.includes('connection limit') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(output.match(/The connection limit \(\d+\) is reached/g)).toHaveLength(1);
      for (const s of sockets) s.destroy();
      sockets.length = 0;
      await new Promise((r) => setTimeout(r, 300));
      await request(`${url}/runtime/webhooks/durabletask/orchestrators/HelloSequence/after-flood`, { method: 'POST', body: '' });
      const done = await waitForRuntimeStatus(url, 'after-flood', ['Completed']);
      expect(done.body.output).toHaveLength(3);
      expect(output).not.toContain('EMFILE');
    } finally {
      for (const s of sockets) s.destroy();
      child.kill('SIGTERM');
      await exited;
    }
  });
});
