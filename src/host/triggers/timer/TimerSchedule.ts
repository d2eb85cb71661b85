import { Cron } from 'croner';
import { parseTimeSpan } from '../../config/timeSpan';

/** When a timer trigger fires. */
export interface TimerSchedule {
  /** The first occurrence strictly after `after` (ms since epoch). */
  next(after: number): number;
  /** As the Functions host prints it: `Cron: '0 0 * * * *'` or `TimeSpan: 00:05:00`. */
  readonly description: string;
  readonly adjustForDST: boolean;
}

const MINUTE_MS = 60_000;

class CronSchedule implements TimerSchedule {
  readonly adjustForDST = true;
  readonly description: string;

  constructor(private readonly cron: Cron) {
    this.description = `Cron: '${cron.getPattern()}'`;
  }

  next(after: number): number {
    const next = this.cron.nextRun(new Date(after));
    // parseTimerSchedule refuses patterns that match no date, so only the year 10000 ends a schedule.
    return next ? next.getTime() : Number.POSITIVE_INFINITY;
  }
}

class IntervalSchedule implements TimerSchedule {
  readonly adjustForDST = false;

  constructor(
    private readonly intervalMs: number,
    readonly description: string,
  ) {}

  next(after: number): number {
    return after + this.intervalMs;
  }
}

export class TimerScheduleError extends Error {
  constructor(expression: string, reason: string) {
    super(
      `The timer schedule '${expression}' is not valid: ${reason}. Use NCRONTAB with six fields ` +
        `({second} {minute} {hour} {day} {month} {day-of-week}, e.g. '0 */5 * * * *') or a TimeSpan (e.g. '00:05:00').`,
    );
    this.name = 'TimerScheduleError';
  }
}

/**
 * Reads a timer trigger's schedule: NCRONTAB with a seconds field, in `timeZone` (an IANA name; the
 * machine's zone when absent, as with `func start`), or a TimeSpan interval.
 */
export function parseTimerSchedule(expression: string, timeZone?: string): TimerSchedule {
  const text = expression.trim();
  const interval = parseTimeSpan(text);
  if (interval !== undefined) {
    if (interval <= 0) throw new TimerScheduleError(expression, 'a TimeSpan schedule must be longer than zero');
    return new IntervalSchedule(interval, `TimeSpan: ${text}`);
  }
  let cron: Cron;
  let matches: boolean;
  try {
    // NCRONTAB matches a day only when both day fields allow it.
    cron = new Cron(text, { mode: '6-part', timezone: timeZone || undefined, domAndDow: true });
    matches = cron.nextRun(new Date(0)) !== null;
  } catch (error) {
    throw new TimerScheduleError(expression, (error as Error).message.replace(/^Cron\w*: /, ''));
  }
  if (!matches) throw new TimerScheduleError(expression, 'it matches no date');
  return new CronSchedule(cron);
}

/** `useMonitor` is on by default for schedules that fire a minute or more apart, as in the Functions host. */
export function monitorByDefault(schedule: TimerSchedule, now: number): boolean {
  const first = schedule.next(now);
  return schedule.next(first) - first >= MINUTE_MS;
}
