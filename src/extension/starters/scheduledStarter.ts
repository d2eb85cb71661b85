import type { Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { type OrchestrationTarget, orchestrationName } from './orchestrationName';
import { scheduledRunTime } from './scheduledRunTime';
import { startUnlessRunning } from './startUnlessRunning';

export interface ScheduledStarterOptions<I> {
  /** NCRONTAB with six fields ('0 0 * * * *': every hour) or a TimeSpan ('00:05:00'). */
  schedule: string;
  orchestration: OrchestrationTarget<I>;
  /** The instance id of the run for `runTime`; a run whose id is still running is skipped, not doubled. */
  instanceId: (runTime: Date) => string;
  input?: (runTime: Date, timer: Timer) => I;
  runOnStartup?: boolean;
  useMonitor?: boolean;
}

/**
 * Registers a timer function that starts an orchestration on a schedule, under an id made from
 * the occurrence (see scheduledRunTime), so that each occurrence starts at most one instance.
 */
export function scheduledStarter<I>(functionName: string, options: ScheduledStarterOptions<I>): void {
  const name = orchestrationName(options.orchestration);
  df.app.client.timer(functionName, {
    schedule: options.schedule,
    runOnStartup: options.runOnStartup,
    useMonitor: options.useMonitor,
    handler: async (timer, client, context) => {
      const runTime = scheduledRunTime(timer);
      const instanceId = options.instanceId(runTime);
      const outcome = await startUnlessRunning(client, name, instanceId, options.input?.(runTime, timer));
      if (outcome.started) {
        context.info(`Started ${name} as ${instanceId} for ${runTime.toISOString()}${timer.isPastDue ? ' (past due)' : ''}.`);
      } else {
        // Not an error: the run for this occurrence is under way.
        context.info(`${name} ${instanceId} is already running (${outcome.runtimeStatus}); not starting another.`);
      }
    },
  });
}
