import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureDevelopmentStorage } from '../../src/host/storage/DevelopmentStorage';
import type { StoragePorts } from '../../src/host/storage/developmentStorageAccount';
import { portAnswers } from '../../src/host/storage/portAnswers';
import { freeStoragePorts } from '../support/freePorts';
import { tempDir } from '../support/hostProcess';

function logRecorder() {
  const lines: { level: string; message: string }[] = [];
  return { lines, log: (level: 'information' | 'warning', message: string) => lines.push({ level, message }) };
}

const allAnswer = async (ports: StoragePorts) => (await Promise.all(Object.values(ports).map((p) => portAnswers('127.0.0.1', p)))).every(Boolean);

describe('development storage for UseDevelopmentStorage=true', () => {
  test('with nothing on the storage ports Azurite is started there with its data in the given folder, a second call reuses it, and stop ends it', async () => {
    const ports = await freeStoragePorts();
    const location = path.join(tempDir('devstorage-'), '.azurite');
    const first = logRecorder();
    const azurite = await ensureDevelopmentStorage({ location, ports, log: first.log });
    try {
      expect(azurite).toBeDefined();
      expect(await allAnswer(ports)).toBe(true);
      expect(fs.readdirSync(location).some((f) => f.startsWith('__azurite_db_'))).toBe(true);
      expect(first.lines).toEqual([{ level: 'information', message: expect.stringMatching(/started Azurite on 127\.0\.0\.1 \(blob \d+, queue \d+, table \d+\)/) }]);

      // Already running: nothing is started, and the answer is quick.
      const second = logRecorder();
      const started = Date.now();
      expect(await ensureDevelopmentStorage({ location, ports, log: second.log })).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1000);
      // It says whose emulator it is: its PID and its data folder.
      expect(second.lines).toEqual([
        { level: 'information', message: expect.stringContaining(`using the emulator already listening on 127.0.0.1 (blob ${ports.blob}, queue ${ports.queue}, table ${ports.table}), which this host did not start and does not stop: PID ${azurite!.pid}, data in ${location}.`) },
      ]);

      // Another app's folder: the data would not be this app's, so that is a warning.
      const other = logRecorder();
      const otherLocation = path.join(path.dirname(location), 'other-app', '.azurite');
      expect(await ensureDevelopmentStorage({ location: otherLocation, ports, log: other.log })).toBeUndefined();
      expect(other.lines).toEqual([{ level: 'warning', message: expect.stringContaining(`PID ${azurite!.pid}, data in ${location}, not in ${otherLocation}.`) }]);
    } finally {
      await azurite?.stop();
    }
    expect(await portAnswers('127.0.0.1', ports.queue)).toBe(false);
  });

  test('when only some storage ports are taken it warns and starts nothing', async () => {
    const ports = await freeStoragePorts();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(ports.queue, '127.0.0.1', resolve));
    try {
      const { lines, log } = logRecorder();
      expect(await ensureDevelopmentStorage({ location: tempDir('devstorage-'), ports, log })).toBeUndefined();
      expect(lines).toEqual([{ level: 'warning', message: expect.stringMatching(new RegExp(`not started because queue ${ports.queue} is taken`)) }]);
      expect(await portAnswers('127.0.0.1', ports.blob)).toBe(false);
    } finally {
      squatter.close();
    }
  });

  test('when Azurite cannot start it warns that HTTP and durable functions go on, and does not throw', async () => {
    const ports = await freeStoragePorts();
    // A file where the data folder should be.
    const location = path.join(tempDir('devstorage-'), 'not-a-folder');
    fs.writeFileSync(location, '');
    const { lines, log } = logRecorder();
    expect(await ensureDevelopmentStorage({ location, ports, log })).toBeUndefined();
    expect(lines).toEqual([{ level: 'warning', message: expect.stringMatching(/could not start Azurite \(.+\)\. HTTP and durable functions work without it/) }]);
  });
});
