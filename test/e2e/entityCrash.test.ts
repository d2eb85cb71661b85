import { eventually, request, startHostProcess, tempDir } from '../support/hostProcess';
import { SAMPLES_APP } from '../support/samplesApp';

describe('a crash during entity work', () => {
  test('loses no acknowledged signal and applies none twice', async () => {
    const dataDir = tempDir('e2e-entity-crash-');
    const first = await startHostProcess({ dataDir, scriptRoot: SAMPLES_APP });
    const url = (base: string) => `${base}/runtime/webhooks/durabletask/entities/SampleCounter/crash`;

    // 50 clients keep signalling; the host is killed while signals are arriving and batches running.
    let acknowledged = 0;
    let attempted = 0;
    let killed = false;
    const client = async () => {
      while (!killed && attempted < 3000) {
        attempted++;
        try {
          const res = await request(`${url(first.url)}?op=add`, { method: 'POST', body: '1' });
          if (res.status === 202) acknowledged++;
        } catch {
          return; // the host is gone
        }
      }
    };
    const clients = Array.from({ length: 50 }, client);
    await eventually(async () => (acknowledged >= 600 ? true : undefined), 15_000, '600 acknowledged signals');
    killed = true;
    await first.kill();
    await Promise.all(clients);
    expect(acknowledged).toBeGreaterThanOrEqual(600);

    const second = await startHostProcess({ dataDir, scriptRoot: SAMPLES_APP });
    try {
      // Settled: the same value twice in a row, 300 ms apart.
      let last: number | undefined;
      const settled = await eventually(async () => {
        const value = (await request(url(second.url))).body as number;
        await new Promise((r) => setTimeout(r, 300));
        const again = (await request(url(second.url))).body as number;
        last = again;
        return value === again ? again : undefined;
      }, 15_000, 'the counter to settle');
      expect(settled).toBe(last);
      expect(settled).toBeGreaterThanOrEqual(acknowledged);
      expect(settled).toBeLessThanOrEqual(attempted);
    } finally {
      await second.stop();
    }
  });
});
