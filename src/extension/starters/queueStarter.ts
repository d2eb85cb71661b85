import * as df from 'durable-functions';
import { type OrchestrationTarget, orchestrationName } from './orchestrationName';
import { startUnlessRunning } from './startUnlessRunning';

export interface QueueStarterOptions<I> {
  queueName: string;
  /** The app setting holding the storage connection string; `AzureWebJobsStorage` by default. */
  connection?: string;
  orchestration: OrchestrationTarget<I>;
  /** Turns a message (already JSON-parsed when it is JSON) into the input; throw to refuse it. */
  parse: (message: unknown) => I;
  /** The instance id for an input; a second message for an id that is still running is skipped. */
  instanceId: (input: I) => string;
}

function messageLabel(metadata: Record<string, unknown> | undefined): string {
  const id = typeof metadata?.id === 'string' ? metadata.id : 'unknown';
  return typeof metadata?.dequeueCount === 'number' ? `${id} (attempt ${metadata.dequeueCount})` : id;
}

/**
 * Registers a storage-queue function that starts an orchestration per message. A message the
 * `parse` refuses fails with its reason logged, so the host retries it and then moves it to the
 * poison queue; a duplicate for an instance still running is logged and dropped, not an error.
 */
export function queueStarter<I>(functionName: string, options: QueueStarterOptions<I>): void {
  const name = orchestrationName(options.orchestration);
  df.app.client.storageQueue(functionName, {
    queueName: options.queueName,
    connection: options.connection ?? 'AzureWebJobsStorage',
    handler: async (message, client, context) => {
      let input: I;
      try {
        input = options.parse(message);
      } catch (error) {
        context.error(`Message ${messageLabel(context.triggerMetadata)} on '${options.queueName}' is refused: ${(error as Error)?.message ?? error}`);
        throw error;
      }
      const instanceId = options.instanceId(input);
      const outcome = await startUnlessRunning(client, name, instanceId, input);
      if (outcome.started) context.info(`Started ${name} as ${instanceId} from queue '${options.queueName}'.`);
      else context.info(`${name} ${instanceId} is already running (${outcome.runtimeStatus}); the duplicate message is dropped.`);
    },
  });
}
