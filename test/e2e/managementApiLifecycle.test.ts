import { type HostProcess, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';
import { SAMPLES_APP } from '../support/samplesApp';

describe('management API: suspend, resume, rewind, restart, query by time, purge by filter', () => {
  let host: HostProcess;
  let hooks: string;

  beforeAll(async () => {
    host = await startHostProcess({ dataDir: tempDir('e2e-lifecycle-'), scriptRoot: SAMPLES_APP });
    hooks = `${host.url}/runtime/webhooks/durabletask`;
  });

  afterAll(async () => {
    await host.stop();
  });

  const start = (name: string, id: string, input?: unknown) =>
    request(`${hooks}/orchestrators/${name}/${id}`, { method: 'POST', body: input === undefined ? '' : JSON.stringify(input) });

  test('suspend and resume answer 202; a suspended instance keeps its events until resumed; both answer 410 once finished', async () => {
    await start('WaitForEvent', 'lc-suspend');
    await waitForRuntimeStatus(host.url, 'lc-suspend', ['Running']);
    expect((await request(`${hooks}/instances/lc-suspend/suspend?reason=pause`, { method: 'POST' })).status).toBe(202);
    await waitForRuntimeStatus(host.url, 'lc-suspend', ['Suspended']);
    expect((await request(`${hooks}/instances/lc-suspend/raiseEvent/Go`, { body: '"later"' })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 200));
    expect((await request(`${hooks}/instances/lc-suspend`)).body.runtimeStatus).toBe('Suspended');
    expect((await request(`${hooks}/instances/lc-suspend/resume?reason=go`, { method: 'POST' })).status).toBe(202);
    const done = await waitForRuntimeStatus(host.url, 'lc-suspend', ['Completed']);
    expect(done.body.output).toEqual({ received: 'later' });
    expect((await request(`${hooks}/instances/lc-suspend/suspend`, { method: 'POST' })).status).toBe(410);
    expect((await request(`${hooks}/instances/lc-nobody/resume`, { method: 'POST' })).status).toBe(404);
  });

  test('rewind answers 202 for a failed instance, which then completes; 410 for any other', async () => {
    await start('RewindMe', 'lc-rewind', 'lc-rewind-key');
    const failed = await waitForRuntimeStatus(host.url, 'lc-rewind', ['Failed', 'Completed']);
    expect(failed.body.runtimeStatus).toBe('Failed');
    expect((await request(`${hooks}/instances/lc-rewind?returnInternalServerErrorOnFailure=true`)).status).toBe(500);
    expect((await request(`${hooks}/instances/lc-rewind/rewind?reason=retry`, { method: 'POST' })).status).toBe(202);
    // Rewind is queued, as in Azure: the instance stays Failed until its rewind runs, then completes.
    const done = await waitForRuntimeStatus(host.url, 'lc-rewind', ['Completed']);
    expect(done.body.output).toEqual(['Hello before!', 'second run of lc-rewind-key succeeds']);
    expect((await request(`${hooks}/instances/lc-rewind/rewind`, { method: 'POST' })).status).toBe(410);
  });

  test('restart answers 202 with the new instance payload; with restartWithNewInstanceId=false it reuses the finished id', async () => {
    await start('HelloSequence', 'lc-restart');
    await waitForRuntimeStatus(host.url, 'lc-restart', ['Completed']);
    const fresh = await request(`${hooks}/instances/lc-restart/restart`, { method: 'POST' });
    expect(fresh.status).toBe(202);
    expect(fresh.body.id).not.toBe('lc-restart');
    await waitForRuntimeStatus(host.url, fresh.body.id, ['Completed']);
    const same = await request(`${hooks}/instances/lc-restart/restart?restartWithNewInstanceId=false`, { method: 'POST' });
    expect(same.status).toBe(202);
    expect(same.body.id).toBe('lc-restart');
    const unknown = await request(`${hooks}/instances/lc-none/restart`, { method: 'POST' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ Message: 'InstanceId does not match a valid orchestration instance.', ExceptionType: 'System.ArgumentException' });
  });

  test('query by created time, and purge by filter deletes only finished instances in the window', async () => {
    const from = new Date().toISOString();
    await start('HelloSequence', 'lc-window-1');
    await start('WaitForEvent', 'lc-window-2');
    await waitForRuntimeStatus(host.url, 'lc-window-1', ['Completed']);
    await waitForRuntimeStatus(host.url, 'lc-window-2', ['Running']);
    const to = new Date(Date.now() + 1000).toISOString();
    const listed = await request(`${hooks}/instances?createdTimeFrom=${from}&createdTimeTo=${to}`);
    expect(listed.body.map((s: { instanceId: string }) => s.instanceId).sort()).toEqual(['lc-window-1', 'lc-window-2']);
    // A date that does not parse is left out (DateTime.TryParse), not refused.
    expect((await request(`${hooks}/instances?createdTimeFrom=yesterday&instanceIdPrefix=lc-window-`)).body).toHaveLength(2);

    const purged = await request(`${hooks}/instances?createdTimeFrom=${from}&createdTimeTo=${to}&runtimeStatus=Completed,Running`, { method: 'DELETE' });
    expect(purged.status).toBe(200);
    expect(purged.body).toEqual({ instancesDeleted: 1 });
    expect((await request(`${hooks}/instances/lc-window-1`)).status).toBe(404);
    expect((await request(`${hooks}/instances/lc-window-2`)).status).toBe(202);
    const none = await request(`${hooks}/instances?createdTimeFrom=${from}&createdTimeTo=${to}&runtimeStatus=Completed`, { method: 'DELETE' });
    expect(none.status).toBe(404);
  });
});
