import type { AppFunctions } from '../../worker/AppFunctions';
import { InvocationFailure, type Invoker, isShutdown } from '../../worker/Invoker';
import { typedDataToJson } from '../../worker/typedData';
import type { Clock } from '../../clock/Clock';
import { StoreLostError } from '../model/errors';
import { EventType, type HistoryEvent, historyEvent } from '../model/history';
import { MAX_EPISODE_PAYLOAD_CHARS } from '../protocol/orchestrationPayload';
import type { ActivityWorkItem, CompletionOutcome, NewMessage, Store } from '../store/Store';
import type { EngineParts, WorkEffects } from './EngineParts';
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
  private stopping = false;
  // The size of each activity's last results: the memory its next runs will likely take.
  private readonly resultSizes = new Map<string, number>();

  constructor(parts: EngineParts) {
    ({ store: this.store, clock: this.clock, functions: this.functions, invoker: this.invoker, health: this.health } = parts);
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
    const fn = this.functions.withTrigger(item.name, 'activityTrigger');
    if (!fn) {
      return historyEvent(EventType.TaskFailed, this.clock.now(), { TaskScheduledId: item.taskId, Reason: `The activity function '${item.name}' doesn't exist.`, Details: '' });
    }
    try {
      const response = await this.invoker.invoke(fn, {
        inputData: [{ name: fn.triggerName, data: item.input === null ? undefined : { json: item.input } }],
        // The Durable extension hands an activity its instance id as trigger metadata; json keeps an id like 123 a string.
        triggerMetadata: { instanceId: { json: JSON.stringify(item.instanceId) } },
      });
      const output = typedDataToJson(response.returnValue);
      this.noteResultSize(fn.name, output?.length ?? 0);
      if (output !== null && output.length > MAX_ACTIVITY_RESULT_CHARS) {
        return this.failed(item, `It returned ${(output.length / 1048576).toFixed(0)} MiB of JSON, more than the ${MAX_ACTIVITY_RESULT_CHARS / 1048576} MiB the host keeps for one result.`, '', fn.name);
      }
      return historyEvent(EventType.TaskCompleted, this.clock.now(), { TaskScheduledId: item.taskId, Result: output });
    } catch (error) {
      // Cut off by the host's stop: nothing is recorded, and the activity runs again after the next start.
      if (isShutdown(error)) throw error;
      if (error instanceof InvocationFailure) return this.failed(item, error.message, error.failure.stack, fn.name);
      return this.failed(item, `The host could not run it: ${(error as Error)?.message ?? error}`, (error as Error)?.stack ?? '', fn.name);
    }
  }

  private failed(item: ActivityWorkItem, message: string, details: string, name = item.name): HistoryEvent {
    return historyEvent(EventType.TaskFailed, this.clock.now(), { TaskScheduledId: item.taskId, Reason: `Activity function '${name}' failed: ${message}`, Details: details });
  }
}
