import path from 'node:path';
import { DurableTestEnvironment } from '../../src/testing';
import { type TestAzurite, approximateMessageCount, peekQueue, sendQueueMessage, startTestAzurite } from '../support/azurite';
import { capturedLog } from '../support/capturedLog';
import { eventually } from '../support/hostProcess';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'queue-app');

interface Run {
  name: string;
  trigger: unknown;
  triggerMetadata: Record<string, unknown>;
  at: number;
}

const state = globalThis as { queueRuns?: Run[]; queueGate?: Promise<void>; gatedState?: { running: number; most: number } };
const runs = (name: string): Run[] => (state.queueRuns ?? []).filter((r) => r.name === name);

describe('storage queue triggers against Azurite (fixture host.json: batchSize 2, newBatchThreshold 0, visibilityTimeout 1 s, maxDequeueCount 3)', () => {
  let azurite: TestAzurite;
  let env: DurableTestEnvironment;
  const log = capturedLog();

  beforeAll(async () => {
    azurite = await startTestAzurite();
    process.env.AzureWebJobsStorage = azurite.connectionString;
    env = await DurableTestEnvironment.create({ scriptRoot: FIXTURE, logger: log.logger });
  });

  afterAll(async () => {
    await env?.dispose();
    await azurite?.stop();
    delete process.env.AzureWebJobsStorage;
  });

  test('a base64 message reaches its function decoded and JSON-parsed, with the queue metadata, and is deleted once it succeeds', async () => {
    await sendQueueMessage(azurite.queues, 'echo', { orderId: 'o-1', note: 'héllo' });
    const [run] = await eventually(async () => (runs('Echo').length ? runs('Echo') : undefined), 10_000, 'the Echo function');
    expect(run.trigger).toEqual({ orderId: 'o-1', note: 'héllo' });
    expect(run.triggerMetadata).toEqual({
      queueTrigger: { orderId: 'o-1', note: 'héllo' },
      id: expect.stringMatching(/\S/),
      dequeueCount: 1,
      insertionTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expirationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      nextVisibleTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      popReceipt: expect.stringMatching(/\S/),
    });
    await eventually(async () => ((await approximateMessageCount(azurite.queues, 'echo')) === 0 ? true : undefined), 5000, 'the message to be deleted');
  });

  test('a message that keeps failing comes back after visibilityTimeout with a rising dequeueCount, then moves as sent to <queue>-poison', async () => {
    await sendQueueMessage(azurite.queues, 'fails', { bad: true });
    const poisoned = await eventually(async () => {
      const messages = await peekQueue(azurite.queues, 'fails-poison');
      return messages.length ? messages : undefined;
    }, 10_000, 'the poison queue');
    expect(poisoned).toEqual(['{"bad":true}']);
    const attempts = runs('AlwaysFails');
    expect(attempts.map((r) => r.triggerMetadata.dequeueCount)).toEqual([1, 2, 3]);
    // Each retry waited for the visibility timeout (Azurite counts whole seconds, so a little less).
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(900);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(900);
    expect(await approximateMessageCount(azurite.queues, 'fails')).toBe(0);
    expect(log.text()).toMatch(/cannot handle \{"bad":true\}/);
    expect(log.text()).toMatch(/moved to queue 'fails-poison': it has reached MaxDequeueCount of 3/);
  });

  test('a message that is not base64 goes to the poison queue without running its function, and the log says why', async () => {
    await sendQueueMessage(azurite.queues, 'echo', '{"plain": "json"}', 'none');
    const poisoned = await eventually(async () => {
      const queue = azurite.queues.getQueueClient('echo-poison');
      if (!(await queue.exists())) return undefined;
      const { peekedMessageItems } = await queue.peekMessages();
      return peekedMessageItems.length ? peekedMessageItems.map((m) => m.messageText) : undefined;
    }, 10_000, 'the poison queue');
    expect(poisoned).toEqual(['{"plain": "json"}']);
    expect(runs('Echo').filter((r) => JSON.stringify(r.trigger).includes('plain'))).toEqual([]);
    expect(log.text()).toMatch(/cannot be read: the message is not base64-encoded/);
  });

  test('no more than batchSize + newBatchThreshold messages run at once, and none is deleted before its function succeeds', async () => {
    let open!: () => void;
    state.queueGate = new Promise((resolve) => (open = resolve));
    state.gatedState = { running: 0, most: 0 };
    for (let i = 1; i <= 5; i++) await sendQueueMessage(azurite.queues, 'gated', { n: i });
    await eventually(async () => (state.gatedState!.running === 2 ? true : undefined), 10_000, 'two runs to start');
    // Several polling intervals later, still two: the listener waits for a free slot.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(state.gatedState!.running).toBe(2);
    expect(await approximateMessageCount(azurite.queues, 'gated')).toBe(5);

    open();
    await eventually(async () => (runs('Gated').length === 5 ? true : undefined), 10_000, 'all five runs');
    expect(state.gatedState!.most).toBe(2);
    expect(runs('Gated').map((r) => (r.trigger as { n: number }).n).sort()).toEqual([1, 2, 3, 4, 5]);
    await eventually(async () => ((await approximateMessageCount(azurite.queues, 'gated')) === 0 ? true : undefined), 5000, 'the queue to empty');
  });
});
