import type { TypedData } from '../../worker/typedData';
import type { ScheduleStatus } from './ScheduleStatus';

// .NET's default(DateTime): what the Functions host reports as `Last` before a timer's first run.
const NEVER = '0001-01-01T00:00:00.000Z';

/** The timer trigger's value as the Functions host sends it; the library camel-cases it for the handler. */
export function timerTriggerData(options: { adjustForDST: boolean; status: ScheduleStatus | undefined; isPastDue: boolean }): TypedData {
  const { status } = options;
  return {
    json: JSON.stringify({
      Schedule: { AdjustForDST: options.adjustForDST },
      // Null when the schedule is not monitored, as in the Functions host.
      ScheduleStatus: status
        ? {
            Last: status.last === null ? NEVER : new Date(status.last).toISOString(),
            Next: new Date(status.next).toISOString(),
            LastUpdated: new Date(status.lastUpdated).toISOString(),
          }
        : null,
      IsPastDue: options.isPastDue,
    }),
  };
}
