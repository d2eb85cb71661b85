import fs from 'node:fs';
import path from 'node:path';
import { DurableTestEnvironment } from '../../src/testing';
import { capturedLog } from '../support/capturedLog';
import { tempDir } from '../support/hostProcess';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'timer-app');
const NEVER = '0001-01-01T00:00:00.000Z';

interface TimerRun {
  name: string;
  trigger: { isPastDue: boolean; schedule: { adjustForDST: boolean }; scheduleStatus: { last: string; next: string; lastUpdated: string } | null };
}

const runs = (name: string): TimerRun['trigger'][] =>
  ((globalThis as { timerRuns?: TimerRun[] }).timerRuns ?? []).filter((r) => r.name === name).map((r) => r.trigger);

const at = (iso: string) => Date.parse(iso);

describe('timer triggers on the local host (virtual clock)', () => {
  beforeEach(() => {
    (globalThis as { timerRuns?: TimerRun[] }).timerRuns = [];
  });

  describe('one host from 2026-01-01T00:00Z', () => {
    let env: DurableTestEnvironment;
    const log = capturedLog();

    beforeAll(async () => {
      env = await DurableTestEnvironment.create({ scriptRoot: FIXTURE, startTime: at('2026-01-01T00:00:00Z'), logger: log.logger });
    });

    afterAll(async () => {
      await env.dispose();
    });

    test('an NCRONTAB timer fires at each occurrence and not before, with its schedule status', async () => {
      await env.advanceTime(at('2026-01-01T00:59:59Z') - env.now().getTime());
      expect(runs('Hourly')).toEqual([]);

      await env.advanceTime('1s');
      expect(runs('Hourly')).toEqual([
        { isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: { last: NEVER, next: '2026-01-01T01:00:00.000Z', lastUpdated: '2026-01-01T00:00:00.000Z' } },
      ]);

      await env.advanceTime('1h');
      expect(runs('Hourly')[1]).toEqual({
        isPastDue: false,
        schedule: { adjustForDST: true },
        scheduleStatus: { last: '2026-01-01T01:00:00.000Z', next: '2026-01-01T02:00:00.000Z', lastUpdated: '2026-01-01T01:00:00.000Z' },
      });
      expect(env.now().toISOString()).toBe('2026-01-01T02:00:00.000Z');
    });

    test('a TimeSpan schedule from an app setting fires every interval', async () => {
      const start = env.now().getTime();
      await env.advanceTime('15m');
      expect(runs('EveryFiveMinutes').map((t) => Date.parse(t.scheduleStatus!.next) - start)).toEqual([5, 10, 15].map((m) => m * 60_000));
    });

    test('an unmonitored timer gets no schedule status', async () => {
      await env.advanceTime('1h');
      expect(runs('Unmonitored')).toEqual([{ isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: null }]);
    });

    test('a run that fails is logged and the next occurrence still fires', async () => {
      await env.advanceTime('2h');
      expect(runs('Failing')).toHaveLength(2);
      expect(log.text()).toMatch(/Executed 'Functions\.Failing' \(Failed[\s\S]*this timer always fails/);
    });

    test('runOnStartup runs once at start; a disabled function, a bad schedule, a missing connection and an unknown trigger are reported, never run, and the rest of the app does', async () => {
      // The runs were recorded before this test's beforeEach; the log tells them.
      expect(log.text().match(/Executing 'Functions\.OnStartup'/g)).toHaveLength(1);
      expect(log.text()).toMatch(/Function 'TurnedOff' is disabled/);
      expect(log.text()).toMatch(/The 'BadSchedule' function is in error and will not run: The timer schedule 'every hour' is not valid/);
      expect(log.text()).toMatch(/The 'QueueByHand' function is in error and will not run: The connection setting 'MissingStorageSetting' is not set/);
      expect(log.text()).toMatch(/The 'BlobWatcher' function has a blobTrigger, which this host cannot listen for; it will not run\./);
      await env.advanceTime('10m');
      expect(runs('TurnedOff')).toEqual([]);
      expect(runs('BadSchedule')).toEqual([]);
    });
  });

  test('a monitored timer that missed its time while the host was down runs once, past due, at the next start', async () => {
    const dataDir = tempDir('timer-restart-');
    try {
      const first = await DurableTestEnvironment.create({ scriptRoot: FIXTURE, startTime: at('2026-03-01T00:00:00Z'), dataDir });
      await first.advanceTime('30m');
      await first.dispose();
      expect(runs('Hourly')).toEqual([]);
      (globalThis as { timerRuns?: TimerRun[] }).timerRuns = [];

      // Down from 00:30 to 03:30: three occurrences of Hourly missed, one run owed.
      const second = await DurableTestEnvironment.create({ scriptRoot: FIXTURE, startTime: at('2026-03-01T03:30:00Z'), dataDir });
      try {
        await second.runUntilIdle();
        expect(runs('Hourly')).toEqual([
          {
            isPastDue: true,
            schedule: { adjustForDST: true },
            scheduleStatus: { last: NEVER, next: '2026-03-01T01:00:00.000Z', lastUpdated: '2026-03-01T00:00:00.000Z' },
          },
        ]);
        // Unmonitored timers keep no status, so they owe nothing.
        expect(runs('Unmonitored')).toEqual([]);

        await second.advanceTime('30m');
        expect(runs('Hourly')).toHaveLength(2);
        expect(runs('Hourly')[1]).toMatchObject({
          isPastDue: false,
          scheduleStatus: { last: '2026-03-01T03:30:00.000Z', next: '2026-03-01T04:00:00.000Z' },
        });
      } finally {
        await second.dispose();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
