import type { QueueServiceClient } from '@azure/storage-queue';
import { isFunctionDisabled, resolveAppSettings } from '../config/appSettings';
import type { QueueSettings } from '../config/QueueSettings';
import type { Clock } from '../clock/Clock';
import type { Store } from '../durable/store/Store';
import type { HostLogger } from '../logging/HostLogger';
import { storageConnectionString } from '../storage/storageConnection';
import type { AppFunctions, TriggeredFunction } from '../worker/AppFunctions';
import { QueueTriggerListener } from './queue/QueueTriggerListener';
import { checkQueueName, poisonQueueName } from './queue/queueName';
import { ScheduleStatusStore } from './timer/ScheduleStatusStore';
import { TimerTriggerListener } from './timer/TimerTriggerListener';
import { monitorByDefault, parseTimerSchedule } from './timer/TimerSchedule';
import { type TriggerInvocations, errorReason } from './TriggerInvocations';
import type { TriggerListener } from './TriggerListener';

export interface TriggerListenerContext {
  functions: AppFunctions;
  invocations: TriggerInvocations;
  clock: Clock;
  logger: HostLogger;
  /** The durable store, where monitored timers keep their status. */
  store: Pick<Store, 'getScheduleStatus' | 'putScheduleStatus'>;
  queueSettings: QueueSettings;
  env?: NodeJS.ProcessEnv;
}

const CATEGORY = 'Host.Triggers';
// The HTTP router and the durable engine run these; the listeners here are for the rest.
const SERVED_ELSEWHERE = new Set(['httptrigger', 'orchestrationtrigger', 'activitytrigger', 'entitytrigger']);
// Runs still going when the host stops get this long to finish.
const STOP_GRACE_MS = 30_000;

/** The timer and queue listeners of an app, started after the engine and stopped before it. */
export class TriggerListeners {
  constructor(
    readonly listeners: TriggerListener[],
    private readonly invocations: TriggerInvocations,
    private readonly logger: HostLogger,
  ) {}

  async start(): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener.start();
      } catch (error) {
        this.logger.error(CATEGORY, `The listener for '${listener.functionName}' could not start: ${errorReason(error)}`);
      }
    }
  }

  async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), STOP_GRACE_MS);
      timer.unref();
    });
    const drained = Promise.all([...this.listeners.map((l) => l.stop()), this.invocations.whenIdle()]);
    if ((await Promise.race([drained, grace])) === 'late') {
      this.logger.warn(CATEGORY, `Stopping without waiting longer for trigger runs still going after ${STOP_GRACE_MS / 1000} s.`);
    }
    clearTimeout(timer);
  }

  /** Resolves when no trigger run (timer, queue message, admin request) is in flight. */
  whenIdle(): Promise<void> {
    return this.invocations.whenIdle();
  }

  get busy(): boolean {
    return this.invocations.busy;
  }
}

/**
 * A listener for each timer and queue function of the app. A function whose trigger cannot work
 * (a bad schedule, a missing connection setting) is reported and left out; the host runs the rest.
 */
export function createTriggerListeners(context: TriggerListenerContext): TriggerListeners {
  const { functions, logger } = context;
  const env = context.env ?? process.env;
  let statusStore: ScheduleStatusStore | undefined;
  const queueServices = new Map<string, QueueServiceClient>();
  const listeners: TriggerListener[] = [];

  const timerListener = (fn: TriggeredFunction): TriggerListener => {
    const schedule = parseTimerSchedule(resolveAppSettings(String(fn.trigger.schedule ?? ''), env), env.WEBSITE_TIME_ZONE);
    const useMonitor = typeof fn.trigger.useMonitor === 'boolean' ? fn.trigger.useMonitor : monitorByDefault(schedule, context.clock.now());
    if (useMonitor) statusStore ??= new ScheduleStatusStore(context.store);
    return new TimerTriggerListener({
      fn,
      schedule,
      runOnStartup: fn.trigger.runOnStartup === true,
      monitor: useMonitor ? statusStore : undefined,
      clock: context.clock,
      invocations: context.invocations,
      logger,
    });
  };

  const queueListener = (fn: TriggeredFunction): TriggerListener => {
    const queueName = checkQueueName(resolveAppSettings(String(fn.trigger.queueName ?? ''), env));
    const connectionString = storageConnectionString(fn.trigger.connection, env);
    let service = queueServices.get(connectionString);
    if (!service) {
      // Few, quick retries: the polling loop is the real retry.
      // The SDK loads only for an app with queue triggers: it costs a start about a seventh of a second.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const sdk = require('@azure/storage-queue') as typeof import('@azure/storage-queue');
      service = sdk.QueueServiceClient.fromConnectionString(connectionString, { retryOptions: { maxTries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 } });
      queueServices.set(connectionString, service);
    }
    return new QueueTriggerListener({
      fn,
      queue: service.getQueueClient(queueName),
      poisonQueue: service.getQueueClient(poisonQueueName(queueName)),
      settings: context.queueSettings,
      invocations: context.invocations,
      logger,
    });
  };

  for (const fn of functions.all()) {
    const type = fn.trigger.type.toLowerCase();
    if (SERVED_ELSEWHERE.has(type)) continue;
    if (type !== 'timertrigger' && type !== 'queuetrigger') {
      logger.warn(CATEGORY, `The '${fn.name}' function has a ${fn.trigger.type}, which this host cannot listen for; it will not run.`);
      continue;
    }
    if (isFunctionDisabled(fn.name, env)) {
      logger.info(CATEGORY, `Function '${fn.name}' is disabled by the app setting AzureWebJobs.${fn.name}.Disabled.`);
      continue;
    }
    try {
      listeners.push(type === 'timertrigger' ? timerListener(fn) : queueListener(fn));
    } catch (error) {
      logger.error(CATEGORY, `The '${fn.name}' function is in error and will not run: ${errorReason(error)}`);
    }
  }
  return new TriggerListeners(listeners, context.invocations, logger);
}
