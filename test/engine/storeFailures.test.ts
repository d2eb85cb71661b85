import { WallClock } from '../../src/host/clock/Clock';
import { resolveEntryFiles } from '../../src/host/config/HostConfig';
import { DurableEngine } from '../../src/host/durable/engine/DurableEngine';
import { StoreUnavailableError } from '../../src/host/durable/model/errors';
import type { Store } from '../../src/host/durable/store/Store';
import { SqliteStore } from '../../src/host/durable/store/sqlite/SqliteStore';
import { FunctionInvoker } from '../../src/host/worker/FunctionInvoker';
import { workerState } from '../../src/host/worker/functionsCore';
import { loadApp } from '../../src/host/worker/loadApp';
import { capturedLog } from '../support/capturedLog';
import { SAMPLES_APP } from '../support/samplesApp';

/** The real store, made to fail every call as a full disk does while `failing` is set (fault injection at the store seam). */
function failingStore(real: Store): { store: Store; calls: () => number; setFailing: (on: boolean) => void } {
  let failing = false;
  let calls = 0;
  const store = new Proxy(real, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        if (failing) {
          calls++;
          throw new StoreUnavailableError('SQLITE_FULL', 'SQLITE_FULL: database or disk is full');
        }
        return value.apply(target, args);
      };
    },
  });
  return { store, calls: () => calls, setFailing: (on) => (failing = on) };
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a failing store backs off and everything runs once it works again', () => {
  test('while the store fails the host retries a few times a second, logs once, and completes the work after', async () => {
    const log = capturedLog();
    const functions = await loadApp(resolveEntryFiles(SAMPLES_APP));
    const real = new SqliteStore(':memory:');
    const faulty = failingStore(real);
    const engine = new DurableEngine({ store: faulty.store, clock: new WallClock(), functions, invoker: new FunctionInvoker(workerState(), log.logger), logger: log.logger });
    engine.start();
    try {
      engine.startNew('HelloSequence', null, 'before');
      engine.startNew('BackupSiteContent', JSON.stringify({ files: 20 }), 'fan-out');
      // The disk fills while the work is in flight.
      faulty.setFailing(true);
      await new Promise((r) => setTimeout(r, 1500));
      const callsWhileFull = faulty.calls();
      // Back-off: a handful of tries per pump, not thousands.
      expect(callsWhileFull).toBeGreaterThan(0);
      expect(callsWhileFull).toBeLessThan(100);
      expect(log.lines.filter((l) => l.includes('The durable store fails'))).toHaveLength(1);

      faulty.setFailing(false);
      await until(() => real.getInstance('before')?.status === 'Completed' && real.getInstance('fan-out')?.status === 'Completed', 10_000);
      expect(real.getInstance('before')!.output).toBe(JSON.stringify(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']));
      await until(() => log.lines.some((l) => l.includes('The durable store works again')), 5_000);
      expect(log.lines.filter((l) => l.includes('The durable store works again'))).toHaveLength(1);
    } finally {
      await engine.stop();
      real.close();
    }
  });
});
