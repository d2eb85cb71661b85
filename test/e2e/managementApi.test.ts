import { type HostProcess, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';

const order = (orderId: string, amount: number) => ({ orderId, items: [{ productId: 'p-1', quantity: 1, price: amount }], amount });

describe('the durable management API (/runtime/webhooks/durabletask)', () => {
  let host: HostProcess;
  let hooks: string;

  beforeAll(async () => {
    host = await startHostProcess({ dataDir: tempDir('e2e-mgmt-') });
    hooks = `${host.url}/runtime/webhooks/durabletask`;
  });

  afterAll(async () => {
    await host.stop();
  });

  test('start answers 202 with the management payload, Location and Retry-After: 10', async () => {
    const res = await request(`${hooks}/orchestrators/OrderProcessingOrchestration/m-start`, { body: order('m-start', 5) });
    expect(res.status).toBe(202);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(res.headers.get('location')).toBe(res.body.statusQueryGetUri);
    expect(res.body).toMatchObject({
      id: 'm-start',
      statusQueryGetUri: expect.stringContaining('/runtime/webhooks/durabletask/instances/m-start'),
      sendEventPostUri: expect.stringContaining('/instances/m-start/raiseEvent/{eventName}'),
      terminatePostUri: expect.stringContaining('/instances/m-start/terminate'),
      purgeHistoryDeleteUri: expect.any(String),
    });
    await waitForRuntimeStatus(host.url, 'm-start', ['Completed']);
  });

  test('start refuses a bad name or bad JSON with 400, and a running instance id with the 500 the extension answers', async () => {
    const unknown = await request(`${hooks}/orchestrators/NotAnOrchestrator`, { body: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      Message: 'One or more of the arguments submitted is incorrect',
      ExceptionMessage: expect.stringMatching(/^The function 'NotAnOrchestrator' doesn't exist, is disabled, or is not an orchestrator function\. Additional info: The following are the known orchestrator functions: /),
      ExceptionType: 'System.ArgumentException',
    });
    const badJson = await request(`${hooks}/orchestrators/OrderProcessingOrchestration`, { body: '{oops' });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({ Message: 'Invalid JSON content', ExceptionType: 'Newtonsoft.Json.JsonReaderException' });
    await request(`${hooks}/orchestrators/OrderProcessingOrchestration/m-dup`, { body: order('m-dup', 99_999) });
    await waitForRuntimeStatus(host.url, 'm-dup', ['Running']);
    const again = await request(`${hooks}/orchestrators/OrderProcessingOrchestration/m-dup`, { body: order('m-dup', 1) });
    expect(again.status).toBe(500);
    expect(again.body).toEqual({
      Message: 'Something went wrong while processing your request',
      ExceptionMessage: 'An Orchestration instance with the status Running already exists.',
      ExceptionType: 'DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException',
    });
  });

  test('start with ?timeout waits and answers 200 with the output when the instance completes in time', async () => {
    const res = await request(`${hooks}/orchestrators/OrderProcessingOrchestration/m-wait?timeout=10&pollingInterval=1`, { body: order('m-wait', 5) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ orderId: 'm-wait', status: 'Completed' });
  });

  test('status answers 202 with Location and Retry-After: 5 while running, 200 when done, 404 when unknown', async () => {
    await request(`${hooks}/orchestrators/OrderProcessingOrchestration/m-status`, { body: order('m-status', 99_999) });
    const running = await waitForRuntimeStatus(host.url, 'm-status', ['Running']);
    expect(running.status).toBe(202);
    expect(running.headers.get('retry-after')).toBe('5');
    expect(running.headers.get('location')).toContain('/instances/m-status');
    expect(running.body).toMatchObject({ name: 'OrderProcessingOrchestration', instanceId: 'm-status', runtimeStatus: 'Running', output: null });
    expect(running.body).toHaveProperty('input');
    expect(Array.isArray(running.body.historyEvents)).toBe(true);

    await request(`${hooks}/instances/m-status/raiseEvent/ApprovalReceived`, { body: { approved: false } });
    const done = await waitForRuntimeStatus(host.url, 'm-status', ['Completed']);
    expect(done.status).toBe(200);
    expect(done.body.output).toMatchObject({ status: 'Rejected' });
    expect(done.body.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    expect((await request(`${hooks}/instances/m-nobody`)).status).toBe(404);
  });

  test('query filters by status and pages with x-ms-continuation-token', async () => {
    for (const n of [1, 2, 3]) await request(`${hooks}/orchestrators/OrderProcessingOrchestration/m-page-${n}`, { body: order(`m-page-${n}`, 3) });
    for (const n of [1, 2, 3]) await waitForRuntimeStatus(host.url, `m-page-${n}`, ['Completed']);
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const res = await request(`${hooks}/instances?runtimeStatus=Completed&instanceIdPrefix=m-page-&top=2`, {
        headers: token ? { 'x-ms-continuation-token': token } : {},
      });
      expect(res.status).toBe(200);
      seen.push(...res.body.map((s: { instanceId: string }) => s.instanceId));
      token = res.headers.get('x-ms-continuation-token');
      pages++;
    } while (token);
    expect(seen.sort()).toEqual(['m-page-1', 'm-page-2', 'm-page-3']);
    expect(pages).toBe(2);
    // As the extension (Enum.TryParse), a name that is no status is left out: with none left, nothing is filtered.
    const unfiltered = await request(`${hooks}/instances?runtimeStatus=Sleeping&instanceIdPrefix=m-page-`);
    expect(unfiltered.status).toBe(200);
    expect(unfiltered.body).toHaveLength(3);
  });

  test('raise event and terminate answer 202, 404 for an unknown instance and 410 for a finished one', async () => {
    await request(`${hooks}/orchestrators/OrderProcessingOrchestration/m-ops`, { body: order('m-ops', 99_999) });
    await waitForRuntimeStatus(host.url, 'm-ops', ['Running']);
    expect((await request(`${hooks}/instances/m-ops/raiseEvent/Other`, { body: '{"x":1}' })).status).toBe(202);
    expect((await request(`${hooks}/instances/m-ops/raiseEvent/Other`, { body: 'nope' })).status).toBe(400);
    expect((await request(`${hooks}/instances/m-ops/terminate?reason=stop`, { method: 'POST' })).status).toBe(202);
    const done = await waitForRuntimeStatus(host.url, 'm-ops', ['Terminated']);
    expect(done.body.output).toBe('stop');
    expect((await request(`${hooks}/instances/m-ops/terminate`, { method: 'POST' })).status).toBe(410);
    expect((await request(`${hooks}/instances/m-ops/raiseEvent/Other`, { body: '{}' })).status).toBe(410);
    expect((await request(`${hooks}/instances/m-none/terminate`, { method: 'POST' })).status).toBe(404);
    expect((await request(`${hooks}/instances/m-none/raiseEvent/Other`, { body: '{}' })).status).toBe(404);
  });

  test('purge deletes a finished instance (200 with the count), and answers 404 when there is nothing to purge', async () => {
    await request(`${hooks}/orchestrators/OrderProcessingOrchestration/m-purge`, { body: order('m-purge', 1) });
    await waitForRuntimeStatus(host.url, 'm-purge', ['Completed']);
    const res = await request(`${hooks}/instances/m-purge`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ instancesDeleted: 1 });
    expect((await request(`${hooks}/instances/m-purge`)).status).toBe(404);
    expect((await request(`${hooks}/instances/m-purge`, { method: 'DELETE' })).status).toBe(404);
  });
});
