import type { TimerSchedule } from './TimerSchedule';

/** A monitored timer's record, as the Functions host keeps it: times in ms since epoch. */
export interface ScheduleStatus {
  /** The occurrence it last fired for; null before the first run. */
  last: number | null;
  /** The occurrence it expects next. */
  next: number;
  /** The time `next` was computed from. */
  lastUpdated: number;
}

export interface PastDueCheck {
  status: ScheduleStatus;
  /** The host was down (or busy) when `status.next` came, so the timer owes one run. */
  pastDue: boolean;
  /** `status` differs from what was stored and should be saved. */
  changed: boolean;
}

/**
 * Compares a stored status with the schedule at start. `next` is recomputed from the last run (or,
 * before any run, from when it was last computed) so that a changed schedule is picked up; if that
 * time has already gone by, the run is past due.
 */
export function checkPastDue(stored: ScheduleStatus | undefined, schedule: TimerSchedule, now: number): PastDueCheck {
  if (!stored) {
    return { status: { last: null, next: schedule.next(now), lastUpdated: now }, pastDue: false, changed: true };
  }
  const base = stored.last ?? stored.lastUpdated;
  const expected = schedule.next(base);
  const status = expected === stored.next ? stored : { ...stored, next: expected, lastUpdated: base };
  return { status, pastDue: now > expected, changed: status !== stored };
}
