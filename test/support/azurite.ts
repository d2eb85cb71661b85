import fs from 'node:fs';
import { QueueServiceClient } from '@azure/storage-queue';
import { AzuriteProcess } from '../../src/host/storage/AzuriteProcess';
import { tempDir } from './hostProcess';

export interface TestAzurite {
  /** Names every endpoint; give it to a host as AzureWebJobsStorage. */
  connectionString: string;
  queues: QueueServiceClient;
  stop(): Promise<void>;
}

/** Starts Azurite on free ports with its data in a fresh temp folder; `stop()` ends it and removes the folder. */
export async function startTestAzurite(): Promise<TestAzurite> {
  const location = tempDir('azurite-');
  const azurite = await AzuriteProcess.start({ location, ports: { blob: 0, queue: 0, table: 0 } });
  return {
    connectionString: azurite.connectionString,
    queues: QueueServiceClient.fromConnectionString(azurite.connectionString),
    async stop() {
      await azurite.stop();
      fs.rmSync(location, { recursive: true, force: true });
    },
  };
}

/** Puts a message on a queue (creating it) as the Functions host expects by default: base64-encoded. */
export async function sendQueueMessage(queues: QueueServiceClient, queueName: string, body: unknown, encoding: 'base64' | 'none' = 'base64'): Promise<void> {
  const queue = queues.getQueueClient(queueName);
  await queue.createIfNotExists();
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  await queue.sendMessage(encoding === 'base64' ? Buffer.from(text).toString('base64') : text);
}

/** Every message on a queue, decoded from base64, without taking them; [] when the queue does not exist. */
export async function peekQueue(queues: QueueServiceClient, queueName: string): Promise<string[]> {
  const queue = queues.getQueueClient(queueName);
  if (!(await queue.exists())) return [];
  const { peekedMessageItems } = await queue.peekMessages({ numberOfMessages: 32 });
  return peekedMessageItems.map((m) => Buffer.from(m.messageText, 'base64').toString('utf8'));
}

/** Messages on a queue, the invisible ones (being processed) included. */
export async function approximateMessageCount(queues: QueueServiceClient, queueName: string): Promise<number> {
  const queue = queues.getQueueClient(queueName);
  if (!(await queue.exists())) return 0;
  return (await queue.getProperties()).approximateMessagesCount ?? 0;
}
