import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { tempDir } from './hostProcess';

/** One telemetry item as Application Insights receives it (the parts the tests read). */
export interface Envelope {
  name: string;
  tags: Record<string, string>;
  data: {
    baseType: string;
    baseData: {
      name?: string;
      message?: string;
      url?: string;
      responseCode?: string;
      success?: boolean;
      exceptions?: { typeName: string; message: string }[];
      properties?: Record<string, string>;
      measurements?: Record<string, number>;
    };
  };
}

/**
 * A local stand-in for the Application Insights ingestion endpoint: it takes the envelopes the
 * SDK posts to `/v2.1/track` and keeps them. The SDK only speaks HTTPS, so the endpoint serves a
 * certificate made for it, which the app's process trusts through NODE_EXTRA_CA_CERTS.
 */
export interface IngestionEndpoint {
  /** The connection string that points an app here. */
  connectionString: string;
  /** Environment for a host process: trust the certificate and keep the SDK's own pings at home. */
  processEnv(): NodeJS.ProcessEnv;
  envelopes(): Envelope[];
  close(): Promise<void>;
}

export async function startIngestionEndpoint(): Promise<IngestionEndpoint> {
  const dir = tempDir('ingestion-');
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`The local ingestion endpoint needs the openssl command (1.1.1 or later) to make its certificate: ${(error as Error).message}`);
  }

  const received: Envelope[] = [];
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
      const items = JSON.parse(body.toString('utf8')) as Envelope[];
      if (/^\/v2(\.1)?\/track$/.test(req.url ?? '')) received.push(...items);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    connectionString: `InstrumentationKey=${randomUUID()};IngestionEndpoint=https://127.0.0.1:${port}/`,
    processEnv: () => ({ NODE_EXTRA_CA_CERTS: cert, APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true' }),
    envelopes: () => [...received],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The envelopes of one kind (`RequestData`, `MessageData`, `ExceptionData`, `EventData`) about one instance. */
export function envelopesOf(envelopes: Envelope[], baseType: string, instanceId: string): Envelope['data']['baseData'][] {
  return envelopes.filter((e) => e.data.baseType === baseType && e.data.baseData.properties?.instanceId === instanceId).map((e) => e.data.baseData);
}
