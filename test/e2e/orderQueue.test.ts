import { type TestAzurite, approximateMessageCount, peekQueue, sendQueueMessage, startTestAzurite } from '../support/azurite';
import { type HostProcess, eventually, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';

const order = (orderId: string, amount: number) => ({ orderId, customerId: 'c-7', items: [{ productId: 'p-1', quantity: 1, price: amount }], amount });

describe('the app on durable-host with real Azurite: the orders queue and runs by hand', () => {
  let azurite: TestAzurite;
  let host: HostProcess;

  beforeAll(async () => {
    azurite = await startTestAzurite();
    host = await startHostProcess({ dataDir: tempDir('e2e-queue-'), env: { AzureWebJobsStorage: azurite.connectionString } });
  });

  afterAll(async () => {
    const code = await host?.stop();
    await azurite?.stop();
    expect(code).toBe(0);
  });

  test('a message on the orders queue becomes a completed order named order-{orderId}, and leaves the queue', async () => {
    await sendQueueMessage(azurite.queues, 'orders', order('q-1001', 50));
    const done = await waitForRuntimeStatus(host.url, 'order-q-1001', ['Completed', 'Failed']);
    expect(done.body).toMatchObject({ name: 'OrderProcessingOrchestration', output: { orderId: 'q-1001', status: 'Completed', trackingNumber: expect.stringMatching(/^TRK-/) } });
    await eventually(async () => ((await approximateMessageCount(azurite.queues, 'orders')) === 0 ? true : undefined), 5000, 'the orders queue to empty');
  });

  test('a second message for an order that is still running is logged as a duplicate and dropped, not retried or poisoned', async () => {
    await sendQueueMessage(azurite.queues, 'orders', order('q-big', 50_000));
    await waitForRuntimeStatus(host.url, 'order-q-big', ['Running']);
    await sendQueueMessage(azurite.queues, 'orders', order('q-big', 50_000));
    await eventually(async () => (/order-q-big is already running \(Running\); the duplicate message is dropped/.test(host.output()) ? true : undefined), 10_000, 'the duplicate to be logged');
    await eventually(async () => ((await approximateMessageCount(azurite.queues, 'orders')) === 0 ? true : undefined), 5000, 'the orders queue to empty');
    expect(await peekQueue(azurite.queues, 'orders-poison')).toEqual([]);
    expect((await request(`${host.url}/api/orchestrations/order-q-big`)).body.status).toBe('Running');
  });

  test('a malformed message fails five times with its reason logged, then lands in orders-poison as it was sent', async () => {
    await sendQueueMessage(azurite.queues, 'orders', '{"customerId": "c-7"}');
    const poisoned = await eventually(async () => {
      const messages = await peekQueue(azurite.queues, 'orders-poison');
      return messages.length ? messages : undefined;
    }, 15_000, 'orders-poison');
    expect(poisoned).toEqual(['{"customerId": "c-7"}']);
    const refusals = host.output().match(/Message \S+ \(attempt \d\) on 'orders' is refused: An order message must have an orderId that is a non-empty string\./g) ?? [];
    expect(refusals.map((line) => /attempt (\d)/.exec(line)![1])).toEqual(['1', '2', '3', '4', '5']);
    expect(host.output()).toMatch(/moved to queue 'orders-poison': it has reached MaxDequeueCount of 5/);
  });

  test('a timer function runs by hand through POST /admin/functions/{name}; unknown names and HTTP functions get a JSON error', async () => {
    const run = await request(`${host.url}/admin/functions/DailyCleanup`, { body: { input: '' } });
    expect(run.status).toBe(202);
    await eventually(async () => (/Purged \d+ instance\(s\) \(Completed, Failed, Terminated\) created before/.test(host.output()) ? true : undefined), 10_000, 'the purge to be logged');

    const unknown = await request(`${host.url}/admin/functions/NoSuchFunction`, { body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/No function named 'NoSuchFunction'/);
    const http = await request(`${host.url}/admin/functions/StartOrchestration`, { body: {} });
    expect(http.status).toBe(400);
    expect(http.body.message).toMatch(/is an HTTP function/);
  });
});
