import type { Clock } from '../../clock/Clock';
import type { HostLogger } from '../../logging/HostLogger';
import type { TriggeredFunction } from '../../worker/AppFunctions';
import type { TriggerInvocations } from '../TriggerInvocations';
import type { TriggerListener } from '../TriggerListener';
import { type ScheduleStatus, checkPastDue } from './ScheduleStatus';
import type { ScheduleStatusStore } from './ScheduleStatusStore';
import type { TimerSchedule } from './TimerSchedule';
import { timerTriggerData } from './timerTriggerData';

export interface TimerTriggerOptions {
  fn: TriggeredFunction;
  schedule: TimerSchedule;
  runOnStartup: boolean;
  /** Where the schedule status is kept when `useMonitor` is on. */
  monitor?: ScheduleStatusStore;
  clock: Clock;
  invocations: TriggerInvocations;
  logger: HostLogger;
}

type FireReason = 'schedule' | 'pastDue' | 'startup';

const CATEGORY = 'Host.Triggers.Timer';
const OCCURRENCES_SHOWN = 5;

/**
 * Fires a timer function on its schedule, by the host's clock (so a virtual clock drives it in tests).
 * Runs of one timer never overlap: the next occurrence is armed when a run ends. A monitored timer
 * keeps its status in the store, so one that missed its time while the host was down runs once, past due, at start.
 */
export class TimerTriggerListener implements TriggerListener {
  readonly functionName: string;
  private status!: ScheduleStatus;
  private cancelTimer?: () => void;
  private firing?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: TimerTriggerOptions) {
    this.functionName = options.fn.name;
  }

  async start(): Promise<void> {
    const { monitor, schedule, clock, logger } = this.options;
    const now = clock.now();
    let pastDue = false;
    if (monitor) {
      const check = checkPastDue(monitor.get(this.functionName), schedule, now);
      if (check.changed) monitor.put(this.functionName, check.status);
      this.status = check.status;
      pastDue = check.pastDue;
    } else {
      this.status = { last: null, next: schedule.next(now), lastUpdated: now };
    }
    logger.info(CATEGORY, this.describeNextOccurrences(now));
    if (pastDue) {
      logger.info(CATEGORY, `The '${this.functionName}' timer missed ${new Date(this.status.next).toISOString()} and is past due: running it now.`);
      this.fire('pastDue');
    } else if (this.options.runOnStartup) {
      this.fire('startup');
    } else {
      this.arm();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.firing;
  }

  private arm(): void {
    if (this.stopped || !Number.isFinite(this.status.next)) return;
    this.cancelTimer = this.options.clock.at(this.status.next, () => {
      this.cancelTimer = undefined;
      this.fire('schedule');
    });
  }

  private fire(reason: FireReason): void {
    this.firing = this.options.invocations.track(this.runOnce(reason));
  }

  private async runOnce(reason: FireReason): Promise<void> {
    const { fn, schedule, monitor, clock, invocations } = this.options;
    const now = clock.now();
    const trigger = timerTriggerData({ adjustForDST: schedule.adjustForDST, status: monitor ? this.status : undefined, isPastDue: reason === 'pastDue' });
    try {
      await invocations.run(fn, trigger, { reason: `Timer fired at ${new Date(now).toISOString()}${reason === 'pastDue' ? ' (past due)' : reason === 'startup' ? ' (run on startup)' : ''}` });
    } catch {
      // Logged by the invocation; a failing run never stops the schedule.
    }
    // A run that fired a moment early counts as the occurrence it was for, so that `next` moves on.
    const ranFor = reason === 'schedule' && this.status.next > now ? this.status.next : now;
    this.status = { last: ranFor, next: schedule.next(ranFor), lastUpdated: ranFor };
    try {
      monitor?.put(this.functionName, this.status);
    } catch (error) {
      // The schedule goes on; only a restart may see the run as owed again.
      this.options.logger.error(CATEGORY, `The '${this.functionName}' timer could not record its run: ${(error as Error)?.message ?? error}`);
    }
    this.arm();
  }

  private describeNextOccurrences(now: number): string {
    const { schedule } = this.options;
    const times: string[] = [];
    for (let t = now, i = 0; i < OCCURRENCES_SHOWN; i++) {
      t = schedule.next(t);
      if (!Number.isFinite(t)) break;
      times.push(new Date(t).toISOString());
    }
    return `The next ${times.length} occurrences of the '${this.functionName}' schedule (${schedule.description}) will be:\n${times.join('\n')}`;
  }
}
