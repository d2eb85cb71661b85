import http from 'node:http';
import path from 'node:path';
import { DurableTestEnvironment } from '../../src/testing';
import { type HostProcess, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';

const STREAM_APP = path.join(__dirname, '..', 'fixtures', 'stream-app');

/** A GET whose body arrives in pieces: when each piece came, and the whole. */
function readInPieces(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; pieces: { at: number; text: string }[] }> {
  return new Promise((resolve, reject) => {
    const began = Date.now();
    http
      .get(url, (res) => {
        const pieces: { at: number; text: string }[] = [];
        res.setEncoding('utf8');
        res.on('data', (text: string) => pieces.push({ at: Date.now() - began, text }));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, pieces }));
      })
      .on('error', reject);
  });
}

/** A POST whose body is sent in `count` pieces of `size` bytes, with a pause between them. */
function uploadInPieces(url: string, count: number, size: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    let sent = 0;
    const next = () => {
      if (sent === count) return req.end();
      sent++;
      req.write(Buffer.alloc(size, 0x61));
      setTimeout(next, 20);
    };
    next();
  });
}

function describeStreams(name: string, open: () => Promise<{ url: string; close: () => Promise<unknown> }>): void {
  describe(name, () => {
    let url: string;
    let close: () => Promise<unknown>;
    beforeAll(async () => {
      ({ url, close } = await open());
    });
    afterAll(() => close());

    test('the request body, route parameters, query and headers reach the function where the library puts them', async () => {
      const res = await request(`${url}/api/echo/ada?q=42`, { method: 'POST', body: 'hello streams', headers: { 'x-test': 'yes' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ name: 'ada', length: 13, q: '42', header: 'yes', method: 'POST' });
    });

    test('a request body sent in pieces is read as a stream', async () => {
      const res = await uploadInPieces(`${url}/api/upload`, 40, 64 * 1024);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ bytes: 40 * 64 * 1024 });
    });

    test('a streamed response arrives piece by piece, not all at the end', async () => {
      const res = await readInPieces(`${url}/api/ticks/5`);
      expect(res.status).toBe(200);
      expect(res.headers['x-ticks']).toBe('5');
      expect(res.pieces.map((p) => p.text).join('').trim().split('\n')).toHaveLength(5);
      // The first tick is there about 200 ms in, long before the last (about a second).
      expect(res.pieces[0].at).toBeLessThan(res.pieces[res.pieces.length - 1].at - 400);
    });

    test('the durable client works in stream mode: start, check-status links, completion', async () => {
      const res = await request(`${url}/api/shout`, { method: 'POST', body: 'hey' });
      expect(res.status).toBe(202);
      expect(res.body.statusQueryGetUri).toContain('/runtime/webhooks/durabletask/instances/');
      const done = await waitForRuntimeStatus(url, res.body.id, ['Completed']);
      expect(done.body.output).toBe('hey!!');
    });
  });
}


describeStreams('HTTP streams (app.setup({ enableHttpStream: true })) on the host, functions in a worker', async () => {
  const data = tempDir('e2e-streams-');
  const host: HostProcess = await startHostProcess({ dataDir: data, scriptRoot: STREAM_APP });
  return { url: host.url, close: () => host.stop() };
});

describeStreams('HTTP streams in the test environment, functions in-process', async () => {
  const env = await DurableTestEnvironment.create({ scriptRoot: STREAM_APP });
  return { url: env.url, close: () => env.dispose() };
});
