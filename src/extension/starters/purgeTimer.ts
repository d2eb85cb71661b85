import * as df from 'durable-functions';
import { OrchestrationRuntimeStatus } from 'durable-functions';
import { type Duration, parseDuration } from '../duration';
import { scheduledRunTime } from './scheduledRunTime';

export interface PurgeTimerOptions {
  /** NCRONTAB with six fields ('0 0 2 * * *': 02:00 every day) or a TimeSpan. */
  schedule: string;
  /** Instances created longer ago than this are purged, e.g. '30d'. */
  olderThan: Duration;
  /** Which finished instances go; Completed, Failed and Terminated by default (running ones never do). */
  runtimeStatus?: OrchestrationRuntimeStatus[];
  runOnStartup?: boolean;
}

const FINISHED = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

/** Registers a timer function that purges the history of old finished instances and logs how many went. */
export function purgeTimer(functionName: string, options: PurgeTimerOptions): void {
  // Checked here so that a bad setting stops the app at load rather than at 2 a.m.
  const retentionMs = parseDuration(options.olderThan);
  const runtimeStatus = options.runtimeStatus ?? FINISHED;
  df.app.client.timer(functionName, {
    schedule: options.schedule,
    runOnStartup: options.runOnStartup,
    handler: async (timer, client, context) => {
      const cutoff = new Date(scheduledRunTime(timer).getTime() - retentionMs);
      const { instancesDeleted } = await client.purgeInstanceHistoryBy({ createdTimeFrom: new Date(0), createdTimeTo: cutoff, runtimeStatus });
      context.info(`Purged ${instancesDeleted} instance(s) (${runtimeStatus.join(', ')}) created before ${cutoff.toISOString()}.`);
    },
  });
}
