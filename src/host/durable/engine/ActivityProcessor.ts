import type { AppFunctions } from '../../worker/AppFunctions';
import { InvocationFailure, type Invoker, isShutdown } from '../../worker/Invoker';
import { typedDataToJson } from '../../worker/typedData';
import type { Clock } from '../../clock/Clock';
import { StoreLostError } from '../model/errors';
import type { FailureDetails } from '../model/failureDetails';
import { EventType, type HistoryEvent, historyEvent } from '../model/history';
import { HTTP_ACTIVITY_NAME } from '../protocol/durableHttp';
import { decodeActivityFailure } from '../protocol/failurePayload';
import { MAX_EPISODE_PAYLOAD_CHARS } from '../protocol/orchestrationPayload';
import type { ActivityWorkItem, CompletionOutcome, NewMessage, Store } from '../store/Store';
import type { DurableFunctions } from './DurableFunctions';
import { DurableHttpError, runDurableHttpActivity } from './DurableHttpActivity';
import type { EngineParts, WorkEffects } from './EngineParts';
import type { LifecycleLog } from './LifecycleLog';
import { GroupCommit } from './GroupCommit';
import { StoreHealth, sleep } from './StoreHealth';
import { releasedLargeText } from '../../memory/LargeGarbage';

/** The most text one activity result may hold: half of what an episode may hand an orchestrator. */
export const MAX_ACTIVITY_RESULT_CHARS = MAX_EPISODE_PAYLOAD_CHARS / 2;

/**
 * Runs activity work items through the invoker. The item is deleted and its result put in the
 * orchestration's inbox in one transaction; a crash before that leaves the item to run again.
 * While the store fails, the result is kept and its commit retried: a full disk runs no activity twice.
 */
export class ActivityProcessor {
  private readonly completions: GroupCommit<{ item: ActivityWorkItem; result: NewMessage }, CompletionOutcome>;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly functions: AppFunctions;
  private readonly invoker: Invoker;
  private readonly health: StoreHealth;
  private readonly catalog: DurableFunctions;
  private readonly lifecycle: LifecycleLog;
  private stopping = false;
  // The size of each activity's last results: the memory its next runs will likely take.
  private readonly resultSizes = new Map<string, number>();

  constructor(parts: EngineParts) {
    ({ store: this.store, clock: this.clock, functions: this.functions, invoker: this.invoker, health: this.health } = parts);
    ({ catalog: this.catalog, lifecycle: this.lifecycle } = parts);
    this.completions = new GroupCommit(
      (items) => this.store.completeActivityWorkItems(items),
      (item) => this.store.completeActivityWorkItems([item])[0],
    );
  }

  stop(): void {
    this.stopping = true;
  }

  /** What running activity `name` will likely hold in memory: its input and the size its results have had lately. */
  expectedSizeOf(name: string, inputLength: number): number {
    return inputLength + (this.resultSizes.get(name.toLowerCase()) ?? 0);
  }

  private noteResultSize(name: string, size: number): void {
    const key = name.toLowerCase();
    const before = this.resultSizes.get(key);
    // A moving average that follows a change within a few runs.
    this.resultSizes.set(key, before === undefined ? size : Math.round(before * 0.5 + size * 0.5));
  }

  async process(item: ActivityWorkItem): Promise<WorkEffects> {
    const event = await this.run(item);
    const result: NewMessage = { instanceId: item.instanceId, executionId: item.executionId, event, visibleAt: this.clock.now() };
    for (;;) {
      try {
        const outcome = await this.completions.add({ item, result });
        this.health.succeeded();
        releasedLargeText(2 * ((result.event.Result?.length ?? 0) + (item.input?.length ?? 0)));
        return outcome === 'committed' ? { orchestrations: true } : {};
      } catch (error) {
        if (error instanceof StoreLostError || this.stopping) throw error;
        if (!StoreHealth.isUnavailable(error)) {
          // The result cannot be written as it is (too big for the store, say): the task fails with that.
          if (result.event.EventType === EventType.TaskFailed) throw error;
          result.event = this.failed(item, `Its result could not be stored: ${(error as Error)?.message ?? error}`, '');
          continue;
        }
        await sleep(this.health.failed(error));
      }
    }
  }

  private async run(item: ActivityWorkItem): Promise<HistoryEvent> {
    if (item.name === HTTP_ACTIVITY_NAME) return this.runHttp(item);
    const fn = this.catalog.get('activity', item.name);
    // Scheduled before it was turned off or removed: as the extension's TaskNonexistentActivityShim.
    if (!fn) return this.failed(item, `Activity function '${item.name}' does not exist.`, '');
    this.lifecycle.started(item.instanceId, fn.name, 'Activity', item.input, false, item.taskId);
    try {
      const response = await this.invoker.invoke(fn, {
        inputData: [{ name: fn.triggerName, data: item.input === null ? undefined : { json: item.input } }],
        // The Durable extension hands an activity its instance id as trigger metadata; json keeps an id like 123 a string.
        triggerMetadata: { instanceId: { json: JSON.stringify(item.instanceId) } },
        traceContext: item.traceContext,
      });
      const output = typedDataToJson(response.returnValue);
      this.noteResultSize(fn.name, output?.length ?? 0);
      if (output !== null && output.length > MAX_ACTIVITY_RESULT_CHARS) {
        return this.failed(item, `It returned ${(output.length / 1048576).toFixed(0)} MiB of JSON, more than the ${MAX_ACTIVITY_RESULT_CHARS / 1048576} MiB the host keeps for one result.`, '', fn.name);
      }
      this.lifecycle.completed(item.instanceId, fn.name, 'Activity', output, false, item.taskId);
      return historyEvent(EventType.TaskCompleted, this.clock.now(), { TaskScheduledId: item.taskId, Result: output });
    } catch (error) {
      // Cut off by the host's stop: nothing is recorded, and the activity runs again after the next start.
      if (isShutdown(error)) throw error;
      if (!(error instanceof InvocationFailure)) return this.failed(item, `The host could not run it: ${(error as Error)?.message ?? error}`, (error as Error)?.stack ?? '', fn.name);
      // With an ExceptionPropertiesProvider the SDK sends the failure structured; the extension reads it into FailureDetails.
      const structured = decodeActivityFailure(error.message);
      return this.failed(item, structured?.ErrorMessage ?? error.message, structured?.StackTrace ?? error.failure.stack, fn.name, structured);
    }
  }

  /** callHttp: the extension's built-in HTTP activity, run by the host itself; a request that cannot be made fails the task with its reason. */
  private async runHttp(item: ActivityWorkItem): Promise<HistoryEvent> {
    try {
      const response = await runDurableHttpActivity(item.input);
      return historyEvent(EventType.TaskCompleted, this.clock.now(), { TaskScheduledId: item.taskId, Result: JSON.stringify(response) });
    } catch (error) {
      const reason = (error as Error)?.message ?? String(error);
      const type = error instanceof DurableHttpError ? error.errorType : 'System.Exception';
      this.lifecycle.failed(item.instanceId, item.name, 'Activity', reason, item.taskId);
      return historyEvent(EventType.TaskFailed, this.clock.now(), { TaskScheduledId: item.taskId, Reason: reason, Details: `${type}: ${reason}` });
    }
  }

  private failed(item: ActivityWorkItem, message: string, details: string, name = item.name, failureDetails?: FailureDetails): HistoryEvent {
    const reason = `Activity function '${name}' failed: ${message}`;
    this.lifecycle.failed(item.instanceId, name, 'Activity', reason, item.taskId);
    return historyEvent(EventType.TaskFailed, this.clock.now(), {
      TaskScheduledId: item.taskId,
      Reason: reason,
      Details: details,
      ...(failureDetails ? { FailureDetails: failureDetails } : {}),
    });
  }
}
