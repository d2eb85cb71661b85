import type { Timer } from '@azure/functions';

/**
 * The time a timer run is for: the schedule occurrence it fires for (`scheduleStatus.next`, which
 * the host fills in for monitored schedules, past-due runs included), else now (a run by hand or an
 * unmonitored schedule). Ids and cut-offs made from it do not depend on how late the run started.
 * A run on startup reports the coming occurrence, so it counts as that one.
 */
export function scheduledRunTime(timer: Pick<Timer, 'scheduleStatus'> | undefined): Date {
  const next = timer?.scheduleStatus?.next;
  const time = next ? Date.parse(next) : Number.NaN;
  return Number.isNaN(time) ? new Date() : new Date(time);
}

/** `yyyyMMddHH` in UTC, e.g. `2026010113`: one id per hour for hourly runs. */
export function utcHourStamp(time: Date): string {
  return time.toISOString().slice(0, 13).replace(/[-T]/g, '');
}
