import { randomUUID } from 'node:crypto';
import { type Envelope, type IngestionEndpoint, envelopesOf, startIngestionEndpoint } from '../support/ingestionEndpoint';
import { eventually, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';

const order = (orderId: string, amount: number, customerId?: string) => ({ orderId, customerId, items: [{ productId: 'p-1', quantity: 1, price: amount }], amount });

// The caller's trace: a browser or gateway in front of the app would send this.
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER = `00-${CALLER_TRACE}-00f067aa0ba902b7-01`;

/** Every item about an instance, with its operation id and parent id. */
function operations(envelopes: Envelope[], instanceId: string): { type: string; name: string; operationId: string; parentId: string; id?: string }[] {
  return envelopes
    .filter((e) => e.data.baseData.properties?.instanceId === instanceId)
    .map((e) => ({
      type: e.data.baseType,
      name: e.data.baseData.name ?? e.data.baseData.message ?? '',
      operationId: e.tags['ai.operation.id'],
      parentId: e.tags['ai.operation.parentId'],
      id: (e.data.baseData as { id?: string }).id,
    }));
}

describe('Application Insights telemetry, sent to a local ingestion endpoint', () => {
  let ingestion: IngestionEndpoint;

  beforeAll(async () => {
    ingestion = await startIngestionEndpoint();
  });

  afterAll(async () => {
    await ingestion.close();
  });

  test('orders send their requests, replay-free traces, failed activity and duration, and a failed orchestration its error, each with the instance id', async () => {
    const host = await startHostProcess({
      dataDir: tempDir('telemetry-'),
      env: { ...ingestion.processEnv(), APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString },
    });
    const api = `${host.url}/api`;
    const bigId = `tel-big-${randomUUID()}`;
    const waited = 300;
    const failingId = `tel-failing-${randomUUID()}`;
    let declinedId: string;
    try {
      // Large enough to wait for approval: its orchestrator replays the approval step in every later episode.
      const started = await request(`${api}/orchestrators/OrderProcessingOrchestration?instanceId=${bigId}`, { body: order(bigId, 50_000), headers: { traceparent: CALLER } });
      expect(started.status).toBe(202);
      await eventually(async () => {
        const status = await request(`${api}/orchestrations/${bigId}`);
        return status.body?.customStatus?.stage === 'AwaitingApproval' ? true : undefined;
      });
      // Approved a while later, so the orchestration's duration must cover at least that wait.
      await new Promise((resolve) => setTimeout(resolve, waited));
      expect((await request(`${api}/orchestrations/${bigId}/events/ApprovalReceived`, { body: { approved: true } })).status).toBe(202);
      expect((await waitForRuntimeStatus(host.url, bigId, ['Completed'])).body.output.status).toBe('Completed');

      // No instanceId given: the request learns it from the check-status response.
      const declined = await request(`${api}/orchestrators/OrderProcessingOrchestration`, { body: order('tel-declined', 20, 'declined-card') });
      declinedId = declined.body.id;
      expect((await waitForRuntimeStatus(host.url, declinedId, ['Completed'])).body.output.status).toBe('PaymentFailed');

      // An empty key fails the orchestration itself, at once.
      expect((await request(`${api}/orchestrators/ReliableOrchestration?instanceId=${failingId}`, { body: { key: '' } })).status).toBe(202);
      await waitForRuntimeStatus(host.url, failingId, ['Failed']);
    } finally {
      // Stopping runs the app's appTerminate hook, which flushes what is still queued.
      expect(await host.stop()).toBe(0);
    }
    const envelopes = ingestion.envelopes();

    expect(envelopesOf(envelopes, 'RequestData', bigId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'POST /orchestrators/{name}',
          responseCode: '202',
          success: true,
          url: expect.stringContaining(`/api/orchestrators/OrderProcessingOrchestration?instanceId=${bigId}`),
          properties: expect.objectContaining({ functionName: 'StartOrchestration' }),
        }),
        expect.objectContaining({ name: 'POST /orchestrations/{instanceId}/events/{eventName}', responseCode: '202', success: true }),
      ]),
    );
    const traces = envelopesOf(envelopes, 'MessageData', bigId);
    expect(traces.map((t) => t.message).sort()).toEqual([
      `Order ${bigId} finished as Completed.`,
      expect.stringMatching(new RegExp(`^Order ${bigId} of 50000 waits for approval until `)),
    ]);
    expect(traces.every((t) => t.properties?.functionName === 'OrderProcessingOrchestration')).toBe(true);
    const [completed, ...more] = envelopesOf(envelopes, 'EventData', bigId);
    expect(more).toEqual([]);
    expect(completed).toMatchObject({ name: 'OrchestrationCompleted', properties: { functionName: 'OrderProcessingOrchestration' } });
    expect(completed.measurements!.durationMs).toBeGreaterThanOrEqual(waited);

    // One order is one end-to-end transaction: the start request, the orchestrator's traces in every
    // episode and its end, under the caller's trace; the orchestration's items share its span as parent.
    // The status polls and the approval are requests of their own, as in Azure.
    const big = operations(envelopes, bigId).filter((o) => o.type !== 'RequestData' || o.name === 'POST /orchestrators/{name}');
    expect(big.length).toBeGreaterThanOrEqual(4);
    expect(new Set(big.map((o) => o.operationId))).toEqual(new Set([CALLER_TRACE]));
    const starter = big.find((o) => o.type === 'RequestData')!;
    expect(starter.parentId).toMatch(/^[0-9a-f]{16}$/);
    const orchestration = big.filter((o) => o.type !== 'RequestData');
    expect(new Set(orchestration.map((o) => o.parentId)).size).toBe(1);
    expect(orchestration[0].parentId).not.toBe(starter.parentId);

    // Without a caller trace the start request begins one, and the activities run in it too, each under its own span.
    const declined = operations(envelopes, declinedId!).filter((o) => o.type !== 'RequestData' || o.name === 'POST /orchestrators/{name}');
    expect(new Set(declined.map((o) => o.operationId)).size).toBe(1);
    const failedActivity = declined.find((o) => o.type === 'ExceptionData')!;
    const completedEvent = declined.find((o) => o.type === 'EventData')!;
    expect(failedActivity.parentId).not.toBe(completedEvent.parentId);

    expect(envelopesOf(envelopes, 'RequestData', declinedId!)).toEqual([expect.objectContaining({ name: 'POST /orchestrators/{name}', responseCode: '202' })]);
    expect(envelopesOf(envelopes, 'ExceptionData', declinedId!)).toEqual([
      expect.objectContaining({
        exceptions: [expect.objectContaining({ message: expect.stringMatching(/^Payment declined: /) })],
        properties: expect.objectContaining({ functionName: 'ProcessPaymentActivity' }),
      }),
    ]);
    expect(envelopesOf(envelopes, 'EventData', declinedId!)).toEqual([expect.objectContaining({ name: 'OrchestrationCompleted' })]);

    expect(envelopesOf(envelopes, 'ExceptionData', failingId)).toEqual([
      expect.objectContaining({
        exceptions: [expect.objectContaining({ message: expect.stringContaining('UnreliableActivity needs an input') })],
        properties: expect.objectContaining({ functionName: 'ReliableOrchestration' }),
      }),
    ]);
    expect(envelopesOf(envelopes, 'EventData', failingId)).toEqual([
      expect.objectContaining({ name: 'OrchestrationFailed', measurements: { durationMs: expect.any(Number) } }),
    ]);
  });

  test('without APPLICATIONINSIGHTS_CONNECTION_STRING nothing is sent, even where the SDK would find its own configuration', async () => {
    const before = ingestion.envelopes().length;
    const host = await startHostProcess({
      dataDir: tempDir('telemetry-off-'),
      env: {
        ...ingestion.processEnv(),
        APPLICATIONINSIGHTS_CONNECTION_STRING: undefined,
        APPLICATIONINSIGHTS_CONFIGURATION_CONTENT: JSON.stringify({ connectionString: ingestion.connectionString }),
      },
    });
    try {
      const declined = await request(`${host.url}/api/orchestrators/OrderProcessingOrchestration`, { body: order('tel-off', 20, 'declined-card') });
      expect((await waitForRuntimeStatus(host.url, declined.body.id, ['Completed'])).body.output.status).toBe('PaymentFailed');
    } finally {
      expect(await host.stop()).toBe(0);
    }
    expect(ingestion.envelopes().length).toBe(before);
    expect(host.output()).not.toMatch(/Application Insights/);
  });
});
