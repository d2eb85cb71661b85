import type { AppFunctions } from '../../worker/AppFunctions';
import type { FunctionInvoker } from '../../worker/FunctionInvoker';
import { typedDataToJson } from '../../worker/typedData';
import type { Clock } from '../Clock';
import { EventType, historyEvent } from '../history';
import type { ActivityWorkItem, NewMessage, Store } from '../store/Store';
import type { EngineParts } from './EngineParts';
import { GroupCommit } from './GroupCommit';

/**
 * Runs activity work items through the worker contract. The item is deleted and its result put in
 * the orchestration's inbox in one transaction; a crash before that leaves the item to run again.
 */
export class ActivityDispatcher {
  private readonly completions: GroupCommit<{ itemId: number; result: NewMessage }>;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly functions: AppFunctions;
  private readonly invoker: FunctionInvoker;

  constructor(parts: EngineParts) {
    ({ store: this.store, clock: this.clock, functions: this.functions, invoker: this.invoker } = parts);
    this.completions = new GroupCommit((items) => this.store.completeActivities(items));
  }

  async run(item: ActivityWorkItem): Promise<void> {
    const fn = this.functions.withTrigger(item.name, 'activityTrigger');
    let event;
    if (!fn) {
      event = historyEvent(EventType.TaskFailed, this.clock.now(), {
        TaskScheduledId: item.taskId,
        Reason: `The activity function '${item.name}' doesn't exist.`,
        Details: '',
      });
    } else {
      try {
        const response = await this.invoker.invoke(fn, {
          inputData: [{ name: fn.triggerName, data: item.input === null ? undefined : { json: item.input } }],
          // The Durable extension hands an activity its instance id as trigger metadata; json keeps an id like 123 a string.
          triggerMetadata: { instanceId: { json: JSON.stringify(item.instanceId) } },
        });
        event = historyEvent(EventType.TaskCompleted, this.clock.now(), {
          TaskScheduledId: item.taskId,
          Result: typedDataToJson(response.returnValue),
        });
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        event = historyEvent(EventType.TaskFailed, this.clock.now(), {
          TaskScheduledId: item.taskId,
          Reason: `Activity function '${fn.name}' failed: ${err.message}`,
          Details: err.stack ?? '',
        });
      }
    }
    await this.completions.add({ itemId: item.id, result: { instanceId: item.instanceId, executionId: item.executionId, event, visibleAt: this.clock.now() } });
  }
}
