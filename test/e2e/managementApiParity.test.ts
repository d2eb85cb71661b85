import { type HostProcess, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';
import { SAMPLES_APP } from '../support/samplesApp';

const SOMETHING_WENT_WRONG = 'Something went wrong while processing your request';

// Row by row against the Durable extension's HttpApiHandler and DurableClient: codes, bodies, headers.
describe('management API parity with the Durable extension', () => {
  let host: HostProcess;
  let hooks: string;

  beforeAll(async () => {
    host = await startHostProcess({ dataDir: tempDir('e2e-parity-'), scriptRoot: SAMPLES_APP });
    hooks = `${host.url}/runtime/webhooks/durabletask`;
  });

  afterAll(async () => {
    await host.stop();
  });

  const start = (name: string, id: string, input?: unknown, query = '') =>
    request(`${hooks}/orchestrators/${name}/${id}${query}`, { method: 'POST', body: input === undefined ? '' : JSON.stringify(input) });
  const post = (path: string) => request(`${hooks}/${path}`, { method: 'POST' });

  test('the check-status payload has exactly the extension’s keys; GET on a start route is a 404 without a body', async () => {
    const started = await start('HelloSequence', 'par-keys');
    expect(started.status).toBe(202);
    expect(Object.keys(started.body)).toEqual(['id', 'statusQueryGetUri', 'sendEventPostUri', 'terminatePostUri', 'purgeHistoryDeleteUri', 'restartPostUri', 'suspendPostUri', 'resumePostUri']);
    const get = await request(`${hooks}/orchestrators/HelloSequence/par-keys`);
    expect(get.status).toBe(404);
    expect(get.text).toBe('');
  });

  test('status: 404 without a body; while running 202 with Location at the request itself; times in whole seconds; exactly the status keys', async () => {
    const unknown = await request(`${hooks}/instances/par-nobody`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('');

    await start('WaitForEvent', 'par-running', { hello: 1 });
    const running = await waitForRuntimeStatus(host.url, 'par-running', ['Running']);
    const url = `${hooks}/instances/par-running?showInput=TRUE`;
    const status = await request(url);
    expect(status.status).toBe(202);
    expect(status.headers.get('location')).toBe(url);
    expect(status.headers.get('retry-after')).toBe('5');
    expect(Object.keys(status.body)).toEqual(['name', 'instanceId', 'runtimeStatus', 'input', 'customStatus', 'output', 'createdTime', 'lastUpdatedTime']);
    expect(status.body).toMatchObject({ name: 'WaitForEvent', runtimeStatus: 'Running', input: { hello: 1 }, customStatus: null, output: null });
    expect(status.body.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(running.body.historyEvents).toBeDefined();
    expect((await request(`${hooks}/instances/par-running?showinput=false`)).body.input).toBeNull();
  });

  test('showHistory is the condensed history: completions carry FunctionName, ScheduledTime and Input, results only with showHistoryOutput', async () => {
    await start('HelloSequence', 'par-history');
    await waitForRuntimeStatus(host.url, 'par-history', ['Completed']);
    const bare = (await request(`${hooks}/instances/par-history?showHistory=true`)).body.historyEvents;
    expect(bare.map((e: { EventType: string }) => e.EventType)).toEqual(['ExecutionStarted', 'TaskCompleted', 'TaskCompleted', 'TaskCompleted', 'ExecutionCompleted']);
    expect(bare[0]).toMatchObject({ FunctionName: 'HelloSequence', Timestamp: expect.any(String) });
    expect(bare[1]).toMatchObject({ FunctionName: 'SayHello', Input: '"Tokyo"', ScheduledTime: expect.any(String) });
    for (const e of bare) {
      expect(e).not.toHaveProperty('EventId');
      expect(e).not.toHaveProperty('IsPlayed');
      expect(e).not.toHaveProperty('TaskScheduledId');
      expect(e).not.toHaveProperty('Result');
    }
    const withOutput = (await request(`${hooks}/instances/par-history?showHistory=true&showHistoryOutput=true&showInput=false`)).body.historyEvents;
    expect(withOutput[1].Result).toBe('Hello Tokyo!');
    expect(withOutput[4]).toMatchObject({ OrchestrationStatus: 'Completed', Result: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'] });
    expect(withOutput.some((e: Record<string, unknown>) => 'Input' in e)).toBe(false);
  });

  test('query parameter names and values ignore case, and every page carries x-ms-continuation-token, empty on the last', async () => {
    for (const n of [1, 2, 3]) await start('HelloSequence', `par-page-${n}`);
    for (const n of [1, 2, 3]) await waitForRuntimeStatus(host.url, `par-page-${n}`, ['Completed']);
    const ids: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const res = await request(`${hooks}/instances?RUNTIMESTATUS=completed&InstanceIdPrefix=par-page-&TOP=2&ShowInput=False`, { headers: token ? { 'x-ms-continuation-token': token } : {} });
      expect(res.status).toBe(200);
      expect(res.headers.has('x-ms-continuation-token')).toBe(true);
      ids.push(...res.body.map((s: { instanceId: string }) => s.instanceId));
      token = res.headers.get('x-ms-continuation-token')!;
      pages++;
    } while (token);
    expect(ids.sort()).toEqual(['par-page-1', 'par-page-2', 'par-page-3']);
    expect(pages).toBe(2);
  });

  test('raise event: 404 and 410 without a body, JSON content only, bad JSON refused', async () => {
    expect((await request(`${hooks}/instances/par-nobody/raiseEvent/Go`, { body: '1' })).status).toBe(404);
    await start('WaitForEvent', 'par-event');
    await waitForRuntimeStatus(host.url, 'par-event', ['Running']);
    const text = await request(`${hooks}/instances/par-event/raiseEvent/Go`, { body: '1', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(400);
    expect(text.body).toEqual({ Message: 'Only application/json request content is supported' });
    const bad = await request(`${hooks}/instances/par-event/raiseEvent/Go`, { body: '{nope' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ Message: 'Invalid JSON content', ExceptionType: 'Newtonsoft.Json.JsonReaderException' });
    expect((await request(`${hooks}/instances/par-event/raiseEvent/Go`, { body: '"now"', headers: { 'content-type': 'Application/JSON; charset=utf-8' } })).status).toBe(202);
    expect((await waitForRuntimeStatus(host.url, 'par-event', ['Completed'])).body.output).toEqual({ received: 'now' });
    const gone = await request(`${hooks}/instances/par-event/raiseEvent/Go`, { body: '1' });
    expect(gone.status).toBe(410);
    expect(gone.text).toBe('');
  });

  test('invalid states: suspend of a suspended instance, resume of a running one and rewind of a running one are 500 with the client’s message', async () => {
    await start('WaitForEvent', 'par-states');
    await waitForRuntimeStatus(host.url, 'par-states', ['Running']);
    const resume = await post('instances/par-states/resume');
    expect(resume.status).toBe(500);
    expect(resume.body).toEqual({
      Message: SOMETHING_WENT_WRONG,
      ExceptionMessage: 'Cannot resume the orchestration instance par-states because instance is in the Running state.',
      ExceptionType: 'System.InvalidOperationException',
    });
    const rewind = await post('instances/par-states/rewind');
    expect(rewind.status).toBe(500);
    expect(rewind.body.ExceptionMessage).toBe('The rewind operation is only supported on failed orchestration instances.');
    expect((await post('instances/par-states/suspend')).status).toBe(202);
    await waitForRuntimeStatus(host.url, 'par-states', ['Suspended']);
    const again = await post('instances/par-states/suspend');
    expect(again.status).toBe(500);
    expect(again.body.ExceptionMessage).toBe('Cannot suspend the orchestration instance par-states because instance is in the Suspended state.');
    expect((await post('instances/par-states/terminate')).status).toBe(202);
    await waitForRuntimeStatus(host.url, 'par-states', ['Terminated']);
    for (const op of ['terminate', 'suspend', 'resume', 'rewind']) {
      const res = await post(`instances/par-states/${op}`);
      expect([op, res.status, res.text]).toEqual([op, 410, '']);
    }
  });

  test('purge: a running instance is purged, as Azure Storage does; a bulk purge needs createdTimeFrom; an entity id purges the entity', async () => {
    await start('WaitForEvent', 'par-purge');
    await waitForRuntimeStatus(host.url, 'par-purge', ['Running']);
    const purged = await request(`${hooks}/instances/par-purge`, { method: 'DELETE' });
    expect(purged.status).toBe(200);
    expect(purged.body).toEqual({ instancesDeleted: 1 });
    expect((await request(`${hooks}/instances/par-purge`)).status).toBe(404);
    const none = await request(`${hooks}/instances/par-purge`, { method: 'DELETE' });
    expect([none.status, none.text]).toEqual([404, '']);

    const bulk = await request(`${hooks}/instances?runtimeStatus=Completed`, { method: 'DELETE' });
    expect(bulk.status).toBe(400);
    expect(bulk.body).toBe("Please provide value for 'createdTimeFrom' parameter.");

    expect((await request(`${hooks}/entities/SampleCounter/par-purged?op=add`, { body: '3' })).status).toBe(202);
    let state;
    do state = await request(`${hooks}/entities/SampleCounter/par-purged`);
    while (state.status === 404);
    const entity = await request(`${hooks}/instances/${encodeURIComponent('@samplecounter@par-purged')}`, { method: 'DELETE' });
    expect(entity.status).toBe(200);
    expect(entity.body).toEqual({ instancesDeleted: 1 });
    expect((await request(`${hooks}/entities/SampleCounter/par-purged`)).status).toBe(404);
  });

  test('start and restart wait with timeout and pollingInterval; an instance that fails answers 200 with its status', async () => {
    const failed = await start('RewindMe', 'par-wait-fail', 'par-wait-fail-key', '?timeout=10&pollingInterval=1');
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ instanceId: 'par-wait-fail', runtimeStatus: 'Failed' });
    expect(failed.body.output).toMatch(/first run of par-wait-fail-key fails/);

    await start('HelloSequence', 'par-restart');
    await waitForRuntimeStatus(host.url, 'par-restart', ['Completed']);
    const restarted = await post('instances/par-restart/restart?restartWithNewInstanceId=false&timeout=10&pollingInterval=1');
    expect(restarted.status).toBe(200);
    expect(restarted.body).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
  });

  test('a start over a running id when overridableExistingInstanceStates is NonRunningStates (the default) is the 500 of OrchestrationAlreadyExistsException', async () => {
    await start('WaitForEvent', 'par-dedupe');
    const again = await start('WaitForEvent', 'par-dedupe');
    expect(again.status).toBe(500);
    expect(again.body.ExceptionType).toBe('DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException');
  });
});
