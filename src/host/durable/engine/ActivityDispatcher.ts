import type { HostLogger } from '../../logging/HostLogger';
import type { AppFunctions } from '../../worker/AppFunctions';
import type { FunctionInvoker } from '../../worker/FunctionInvoker';
import { typedDataToJson } from '../../worker/typedData';
import type { Clock } from '../Clock';
import { EventType, historyEvent } from '../history';
import type { ActivityWorkItem, Store } from '../store/Store';

/**
 * Runs activity work items through the worker contract. The item is deleted and its result put in
 * the orchestration's inbox in one transaction; a crash before that leaves the item to run again.
 */
export class ActivityDispatcher {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly functions: AppFunctions,
    private readonly invoker: FunctionInvoker,
    private readonly logger: HostLogger,
  ) {}

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
        });
        event = historyEvent(EventType.TaskCompleted, this.clock.now(), {
          TaskScheduledId: item.taskId,
          Result: typedDataToJson(response.returnValue),
        });
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        this.logger.log('warning', `Function.${fn.name}`, `Activity '${fn.name}' failed (instance ${item.instanceId}): ${err.message}`);
        event = historyEvent(EventType.TaskFailed, this.clock.now(), {
          TaskScheduledId: item.taskId,
          Reason: `Activity function '${fn.name}' failed: ${err.message}`,
          Details: err.stack ?? '',
        });
      }
    }
    this.store.completeActivity(item.id, { instanceId: item.instanceId, executionId: item.executionId, event, visibleAt: this.clock.now() });
  }
}
