import fs from 'node:fs';
import path from 'node:path';
import { QueueServiceClient } from '@azure/storage-queue';
import { parseQueueSettings } from '../../src/host/config/QueueSettings';
import { AzuriteProcess } from '../../src/host/storage/AzuriteProcess';
import { developmentConnectionString } from '../../src/host/storage/developmentStorageAccount';
import { QueueTriggerListener } from '../../src/host/triggers/queue/QueueTriggerListener';
import { TriggerInvocations } from '../../src/host/triggers/TriggerInvocations';
import type { TriggeredFunction } from '../../src/host/worker/AppFunctions';
import type { FunctionInvoker, InvocationRequest } from '../../src/host/worker/FunctionInvoker';
import { DurableTestEnvironment } from '../../src/testing';
import { approximateMessageCount, sendQueueMessage } from '../support/azurite';
import { capturedLog } from '../support/capturedLog';
import { freeStoragePorts } from '../support/freePorts';
import { eventually, tempDir } from '../support/hostProcess';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'queue-app');

describe('the queue listener when storage misbehaves', () => {
  let azurite: AzuriteProcess | undefined;
  const location = tempDir('azurite-late-');

  afterAll(async () => {
    await azurite?.stop();
    fs.rmSync(location, { recursive: true, force: true });
    delete process.env.AzureWebJobsStorage;
  });

  test('a host started before its storage answers says so once, keeps polling, and takes the message once storage is there', async () => {
    const ports = await freeStoragePorts();
    process.env.AzureWebJobsStorage = developmentConnectionString(ports);
    const log = capturedLog();
    const env = await DurableTestEnvironment.create({ scriptRoot: FIXTURE, logger: log.logger });
    try {
      await eventually(async () => (/'Echo' cannot read queue 'echo'/.test(log.text()) ? true : undefined), 10_000, 'the warning');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(log.text().match(/'Echo' cannot read queue 'echo'/g)).toHaveLength(1);

      azurite = await AzuriteProcess.start({ location, ports });
      await sendQueueMessage(QueueServiceClient.fromConnectionString(azurite.connectionString), 'echo', { late: true });
      await eventually(async () => {
        const runs = ((globalThis as { queueRuns?: { name: string; trigger: unknown }[] }).queueRuns ?? []).filter((r) => r.name === 'Echo');
        return runs.some((r) => (r.trigger as { late?: boolean }).late) ? true : undefined;
      }, 10_000, 'the Echo run');
      expect(log.text()).toMatch(/Queue 'echo' is readable again/);
    } finally {
      await env.dispose();
    }
  });

  test('a message whose function outlasts the lease is kept hidden meanwhile, runs once, and is deleted after', async () => {
    // Started late by the test before; on its own, this test starts it.
    azurite ??= await AzuriteProcess.start({ location, ports: { blob: 0, queue: 0, table: 0 } });
    const queues = QueueServiceClient.fromConnectionString(azurite.connectionString);
    await sendQueueMessage(queues, 'slow', 'take your time');
    const calls: InvocationRequest[] = [];
    const invoker = {
      invoke: async (_fn: unknown, request: InvocationRequest) => {
        calls.push(request);
        await new Promise((resolve) => setTimeout(resolve, 2200));
        return { invocationId: 'x' };
      },
    } as unknown as FunctionInvoker;
    const fn = { name: 'Slow', triggerName: 'message', trigger: { type: 'queueTrigger', direction: 'in' }, metadata: { name: 'Slow', bindings: {} }, callback: () => undefined } as TriggeredFunction;
    const listener = new QueueTriggerListener({
      fn,
      queue: queues.getQueueClient('slow'),
      poisonQueue: queues.getQueueClient('slow-poison'),
      settings: parseQueueSettings({ maxPollingInterval: '00:00:00.2' }),
      invocations: new TriggerInvocations(invoker, () => undefined),
      logger: capturedLog().logger,
      // Hidden for 1 s at a time, renewed every 0.5 s, while the run takes 2.2 s.
      leaseMs: 1000,
    });
    await listener.start();
    try {
      await eventually(async () => (calls.length ? true : undefined), 5000, 'the run to start');
      await new Promise((resolve) => setTimeout(resolve, 1600));
      // Well past the first lease, and still only one run.
      expect(calls).toHaveLength(1);
      await eventually(async () => ((await approximateMessageCount(queues, 'slow')) === 0 ? true : undefined), 5000, 'the message to be deleted');
      expect(calls).toHaveLength(1);
      expect(calls[0].triggerMetadata?.DequeueCount).toEqual({ int: 1 });
    } finally {
      await listener.stop();
    }
  });
});
