import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FunctionHost } from '../../src/host/FunctionHost';
import { HostLogger } from '../../src/host/logging/HostLogger';

export const BENCH_APP = path.resolve(__dirname, '..', '..', '..', 'bench', 'app');

/** A host on the bench app with a fresh on-disk store (SQLite, WAL), as users run it. */
export async function startBenchHost(options: { durability?: 'full' | 'normal'; workers?: number } = {}): Promise<{ host: FunctionHost; dispose: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-bench-'));
  const host = await FunctionHost.start({ scriptRoot: BENCH_APP, port: 0, dataDir, logger: HostLogger.silent(), durability: options.durability, workers: options.workers });
  return {
    host,
    dispose: async () => {
      await host.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
