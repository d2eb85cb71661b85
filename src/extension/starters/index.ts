export { startUnlessRunning, type StartOutcome } from './startUnlessRunning';
export { scheduledRunTime, utcHourStamp } from './scheduledRunTime';
export type { OrchestrationTarget } from './orchestrationName';
export { scheduledStarter, type ScheduledStarterOptions } from './scheduledStarter';
export { queueStarter, type QueueStarterOptions } from './queueStarter';
export { purgeTimer, type PurgeTimerOptions } from './purgeTimer';
