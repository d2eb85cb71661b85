import { parseTimeSpan } from '../../src/host/config/timeSpan';
import { checkPastDue } from '../../src/host/triggers/timer/ScheduleStatus';
import { monitorByDefault, parseTimerSchedule } from '../../src/host/triggers/timer/TimerSchedule';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function occurrences(expression: string, from: string, count: number, timeZone = 'UTC'): string[] {
  const schedule = parseTimerSchedule(expression, timeZone);
  const out: string[] = [];
  for (let t = at(from), i = 0; i < count; i++) out.push(iso((t = schedule.next(t))));
  return out;
}

describe('timer schedules', () => {
  test('NCRONTAB has a seconds field first: hourly, nightly at 02:00, every 5 minutes, weekdays by name', () => {
    expect(occurrences('0 0 * * * *', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z']);
    expect(occurrences('0 0 2 * * *', '2026-01-01T02:00:00Z', 2)).toEqual(['2026-01-02T02:00:00.000Z', '2026-01-03T02:00:00.000Z']);
    expect(occurrences('0 */5 * * * *', '2026-01-01T00:01:00Z', 2)).toEqual(['2026-01-01T00:05:00.000Z', '2026-01-01T00:10:00.000Z']);
    expect(occurrences('30 15 9 * * MON-FRI', '2026-01-02T10:00:00Z', 2)).toEqual(['2026-01-05T09:15:30.000Z', '2026-01-06T09:15:30.000Z']);
  });

  test('the next occurrence is strictly after the given time, so a run at 01:00 waits for 02:00', () => {
    expect(occurrences('0 0 * * * *', '2026-01-01T01:00:00Z', 1)).toEqual(['2026-01-01T02:00:00.000Z']);
    expect(occurrences('0 0 * * * *', '2026-01-01T00:59:59.999Z', 1)).toEqual(['2026-01-01T01:00:00.000Z']);
  });

  test('a day matches only when both day fields allow it, as in NCRONTAB', () => {
    // The 13th of a month that is a Friday; 2026-02-13 is one.
    expect(occurrences('0 0 0 13 * FRI', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-02-13T00:00:00.000Z']);
  });

  test('the schedule follows WEBSITE_TIME_ZONE when it is given', () => {
    expect(occurrences('0 0 2 * * *', '2026-01-01T00:00:00Z', 1, 'Europe/Berlin')).toEqual(['2026-01-01T01:00:00.000Z']);
  });

  test('a TimeSpan schedule is an interval from the given time', () => {
    expect(occurrences('00:05:00', '2026-01-01T00:00:07Z', 2)).toEqual(['2026-01-01T00:05:07.000Z', '2026-01-01T00:10:07.000Z']);
    expect(parseTimerSchedule('1.00:00:00').description).toBe('TimeSpan: 1.00:00:00');
  });

  test('five fields, bad values, patterns that never match, an unknown zone and a zero TimeSpan are refused with the accepted forms', () => {
    for (const bad of ['0 * * * *', '0 0 25 * * *', 'every hour', '0 0 0 30 2 *', '00:00:00', '']) {
      expect(() => parseTimerSchedule(bad, 'UTC')).toThrow(/is not valid: .*six fields .*TimeSpan/);
    }
    expect(() => parseTimerSchedule('0 0 * * * *', 'Nowhere/Land')).toThrow(/Nowhere\/Land/);
  });

  test('useMonitor is on by default for schedules a minute or more apart and off for shorter ones', () => {
    const now = at('2026-01-01T00:00:00Z');
    expect(monitorByDefault(parseTimerSchedule('0 * * * * *', 'UTC'), now)).toBe(true);
    expect(monitorByDefault(parseTimerSchedule('*/10 * * * * *', 'UTC'), now)).toBe(false);
    expect(monitorByDefault(parseTimerSchedule('00:00:30'), now)).toBe(false);
  });
});

describe('past-due check at start', () => {
  const hourly = parseTimerSchedule('0 0 * * * *', 'UTC');

  test('a timer seen for the first time records its next occurrence and owes nothing', () => {
    expect(checkPastDue(undefined, hourly, at('2026-01-01T00:10:00Z'))).toEqual({
      status: { last: null, next: at('2026-01-01T01:00:00Z'), lastUpdated: at('2026-01-01T00:10:00Z') },
      pastDue: false,
      changed: true,
    });
  });

  test('a start before the recorded next occurrence owes nothing; one after it owes one run for that occurrence', () => {
    const stored = { last: at('2026-01-01T01:00:00Z'), next: at('2026-01-01T02:00:00Z'), lastUpdated: at('2026-01-01T01:00:00Z') };
    expect(checkPastDue(stored, hourly, at('2026-01-01T01:30:00Z'))).toEqual({ status: stored, pastDue: false, changed: false });
    expect(checkPastDue(stored, hourly, at('2026-01-01T05:30:00Z'))).toEqual({ status: stored, pastDue: true, changed: false });
  });

  test('a changed schedule is recomputed from the last run', () => {
    const stored = { last: at('2026-01-01T01:00:00Z'), next: at('2026-01-01T02:00:00Z'), lastUpdated: at('2026-01-01T01:00:00Z') };
    const everyFiveMinutes = parseTimerSchedule('0 */5 * * * *', 'UTC');
    expect(checkPastDue(stored, everyFiveMinutes, at('2026-01-01T01:02:00Z'))).toEqual({
      status: { ...stored, next: at('2026-01-01T01:05:00Z') },
      pastDue: false,
      changed: true,
    });
  });
});

describe('TimeSpan text', () => {
  test('reads hh:mm[:ss[.fraction]] with optional days and refuses anything else', () => {
    expect(parseTimeSpan('00:00:02')).toBe(2000);
    expect(parseTimeSpan('00:00:00.1')).toBe(100);
    expect(parseTimeSpan('1.02:03:04')).toBe(((26 * 60 + 3) * 60 + 4) * 1000);
    expect(parseTimeSpan('01:30')).toBe(90 * 60_000);
    for (const bad of ['2s', '00:60:00', '25:00:00', 'abc', '1:2:3:4']) expect(parseTimeSpan(bad)).toBeUndefined();
  });
});
