import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { envelopesOf, startIngestionEndpoint } from '../support/ingestionEndpoint';
import { request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';
import { APP_ROOT } from '../support/paths';

describe('the packaged app (npm run package)', () => {
  test('the zip holds only the bundle, host.json and a production package.json, and an order runs through it to Completed', async () => {
    const out = tempDir('package-');
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(APP_ROOT, 'scripts', 'package.js'), '--out', out], { cwd: APP_ROOT });
    expect(stdout).toMatch(/App folder: [\d.]+ [kM]B; zip: [\d.]+ [kM]B/);

    const deployed = tempDir('deployed-');
    new AdmZip(path.join(out, 'app.zip')).extractAllTo(deployed);
    expect(fs.readdirSync(deployed).sort()).toEqual(['THIRD_PARTY_NOTICES.txt', 'host.json', 'index.js', 'package.json']);
    const pkg = JSON.parse(fs.readFileSync(path.join(deployed, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ main: 'index.js', dependencies: {} });
    expect(pkg).not.toHaveProperty('devDependencies');
    expect(fs.readFileSync(path.join(deployed, 'host.json'), 'utf8')).toBe(fs.readFileSync(path.join(APP_ROOT, 'host.json'), 'utf8'));

    // With telemetry on, so that the bundled Application Insights SDK is exercised too.
    const ingestion = await startIngestionEndpoint();
    const host = await startHostProcess({
      scriptRoot: deployed,
      dataDir: tempDir('deployed-data-'),
      env: { ...ingestion.processEnv(), APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString },
    });
    let instanceId: string;
    try {
      const order = { orderId: 'pkg-1', items: [{ productId: 'p-1', quantity: 2, price: 25 }], amount: 50 };
      const started = await request(`${host.url}/api/orchestrators/OrderProcessingOrchestration`, { body: order });
      expect(started.status).toBe(202);
      instanceId = started.body.id;
      const done = await waitForRuntimeStatus(host.url, instanceId, ['Completed', 'Failed']);
      expect(done.body.output).toMatchObject({ orderId: 'pkg-1', status: 'Completed', trackingNumber: expect.stringMatching(/^TRK-/) });
    } finally {
      expect(await host.stop()).toBe(0);
      await ingestion.close();
    }
    expect(envelopesOf(ingestion.envelopes(), 'EventData', instanceId!)).toEqual([expect.objectContaining({ name: 'OrchestrationCompleted' })]);
  });
});
