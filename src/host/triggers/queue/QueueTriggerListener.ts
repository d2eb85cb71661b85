import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import type { QueueSettings } from '../../config/QueueSettings';
import type { HostLogger } from '../../logging/HostLogger';
import type { TriggeredFunction } from '../../worker/AppFunctions';
import { type TriggerInvocations, errorReason } from '../TriggerInvocations';
import type { TriggerListener } from '../TriggerListener';
import { PollingBackoff } from './PollingBackoff';
import { decodeMessageText, queueTriggerMetadata } from './queueMessage';

export interface QueueTriggerOptions {
  fn: TriggeredFunction;
  queue: QueueClient;
  poisonQueue: QueueClient;
  settings: QueueSettings;
  invocations: TriggerInvocations;
  logger: HostLogger;
  /** How long a received message stays hidden while its function runs; renewed at half time. */
  leaseMs?: number;
}

const CATEGORY = 'Host.Triggers.Queue';
const MIN_POLLING_INTERVAL_MS = 100;
// As the Functions host: a message is hidden for 10 minutes at a time while its function runs.
const DEFAULT_LEASE_MS = 10 * 60_000;

function isQueueNotFound(error: unknown): boolean {
  return (error as { statusCode?: number })?.statusCode === 404;
}

/**
 * Runs a function for each message of a storage queue. Polls with back-off while the queue is
 * empty; fetches `batchSize` messages at a time and the next batch when no more than
 * `newBatchThreshold` are still running. A message is deleted only after its function succeeds; a
 * failure makes it visible again after `visibilityTimeout`, and the `maxDequeueCount`th failure
 * moves it to `<queue>-poison`.
 */
export class QueueTriggerListener implements TriggerListener {
  readonly functionName: string;
  private readonly leaseMs: number;
  private readonly abort = new AbortController();
  private running = false;
  private polling?: Promise<void>;
  private inFlight = 0;
  private readonly processing = new Set<Promise<void>>();
  private wake?: () => void;

  constructor(private readonly options: QueueTriggerOptions) {
    this.functionName = options.fn.name;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  async start(): Promise<void> {
    this.running = true;
    this.polling = this.poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.wake?.();
    await this.polling;
    await Promise.all([...this.processing]);
  }

  private async poll(): Promise<void> {
    const { queue, settings, logger } = this.options;
    const backoff = new PollingBackoff(MIN_POLLING_INTERVAL_MS, settings.maxPollingIntervalMs);
    let problem: string | undefined;
    while (this.running) {
      while (this.running && this.inFlight > settings.newBatchThreshold) await this.pause();
      if (!this.running) break;
      let messages: DequeuedMessageItem[] = [];
      try {
        const response = await queue.receiveMessages({
          numberOfMessages: settings.batchSize,
          visibilityTimeout: Math.ceil(this.leaseMs / 1000),
          abortSignal: this.abort.signal,
        });
        messages = response.receivedMessageItems;
        if (problem) logger.info(CATEGORY, `Queue '${queue.name}' is readable again; '${this.functionName}' is listening.`);
        problem = undefined;
      } catch (error) {
        if (!this.running) break;
        // Said once per kind of problem (its code; messages carry request ids), not at every poll.
        const kind = isQueueNotFound(error) ? 'missing' : ((error as { code?: string }).code ?? errorReason(error));
        if (kind !== problem) {
          if (kind === 'missing') logger.info(CATEGORY, `Queue '${queue.name}' does not exist yet; '${this.functionName}' waits for it.`);
          else logger.warn(CATEGORY, `'${this.functionName}' cannot read queue '${queue.name}' (${errorReason(error)}); it keeps trying.`);
        }
        problem = kind;
      }
      if (messages.length) {
        backoff.reset();
        for (const message of messages) this.process(message);
      } else {
        await this.pause(backoff.next());
      }
    }
  }

  /** Waits `ms`, or until a run ends or the listener stops. */
  private pause(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private process(message: DequeuedMessageItem): void {
    this.inFlight++;
    const work = this.options.invocations
      .track(this.handle(message))
      .catch((error) => this.options.logger.error(CATEGORY, `Handling message ${message.messageId} failed: ${(error as Error)?.stack ?? error}`))
      .finally(() => {
        this.inFlight--;
        this.processing.delete(work);
        // A freed slot or a released message: poll again now rather than after the back-off.
        this.wake?.();
      });
    this.processing.add(work);
  }

  private async handle(message: DequeuedMessageItem): Promise<void> {
    const { fn, queue, settings, invocations, logger } = this.options;
    let body: string;
    try {
      body = decodeMessageText(message.messageText, settings.messageEncoding);
    } catch (error) {
      logger.error(`Function.${fn.name}`, `Message ${message.messageId} on queue '${queue.name}' cannot be read: ${errorReason(error)}.`);
      await this.settle(message, message.popReceipt, 'poison', 'it cannot be read');
      return;
    }
    if (message.dequeueCount > settings.maxDequeueCount) {
      // Taken more often than allowed without an outcome (the host stopped mid-run): do not run it again.
      await this.settle(message, message.popReceipt, 'poison', `it was dequeued ${message.dequeueCount} times`);
      return;
    }
    const lease = this.holdInvisible(message);
    let succeeded = false;
    try {
      await invocations.run(fn, { string: body }, { triggerMetadata: queueTriggerMetadata(message, body), reason: `New queue message detected on '${queue.name}'.` });
      succeeded = true;
    } catch {
      // Logged by the invocation.
    }
    const popReceipt = await lease.release();
    if (succeeded) await this.settle(message, popReceipt, 'delete');
    else if (message.dequeueCount < settings.maxDequeueCount) await this.settle(message, popReceipt, 'retry');
    else await this.settle(message, popReceipt, 'poison', `it has reached MaxDequeueCount of ${settings.maxDequeueCount}`);
  }

  /** Deletes the message, moves it to the poison queue, or makes it visible again for another try. */
  private async settle(message: DequeuedMessageItem, popReceipt: string, outcome: 'delete' | 'poison' | 'retry', why = ''): Promise<void> {
    const { queue, poisonQueue, settings, logger } = this.options;
    try {
      if (outcome === 'retry') {
        await queue.updateMessage(message.messageId, popReceipt, undefined, Math.round(settings.visibilityTimeoutMs / 1000));
        return;
      }
      if (outcome === 'poison') {
        await poisonQueue.createIfNotExists();
        // The text as it was sent, encoding and all, so that it can be put back as is.
        await poisonQueue.sendMessage(message.messageText);
        logger.warn(CATEGORY, `Message ${message.messageId} on queue '${queue.name}' moved to queue '${poisonQueue.name}': ${why}.`);
      }
      await queue.deleteMessage(message.messageId, popReceipt);
    } catch (error) {
      logger.warn(CATEGORY, `Could not ${outcome} message ${message.messageId} on queue '${queue.name}' (${errorReason(error)}); it will come back when it becomes visible again.`);
    }
  }

  /** Keeps a message hidden while its function runs; `release` stops renewing and gives the latest pop receipt. */
  private holdInvisible(message: DequeuedMessageItem): { release(): Promise<string> } {
    const { queue, logger } = this.options;
    let popReceipt = message.popReceipt;
    let renewing: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      renewing = renewing.then(async () => {
        try {
          popReceipt = (await queue.updateMessage(message.messageId, popReceipt, undefined, Math.ceil(this.leaseMs / 1000))).popReceipt ?? popReceipt;
        } catch (error) {
          logger.warn(CATEGORY, `Could not keep message ${message.messageId} hidden (${errorReason(error)}); it may be delivered again while it runs.`);
        }
      });
    }, this.leaseMs / 2);
    timer.unref();
    return {
      async release() {
        clearInterval(timer);
        await renewing;
        return popReceipt;
      },
    };
  }
}
