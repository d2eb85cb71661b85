import { DurableTestEnvironment } from '../../src/testing';
import { request } from '../support/hostProcess';
import { SAMPLES_APP } from '../support/samplesApp';

describe('durable entities on the engine', () => {
  let env: DurableTestEnvironment;
  let hooks: string;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: SAMPLES_APP });
    hooks = `${env.url}/runtime/webhooks/durabletask`;
  });

  afterAll(async () => {
    await env.dispose();
  });

  const signal = (entity: string, key: string, op: string, input?: unknown) =>
    request(`${hooks}/entities/${entity}/${encodeURIComponent(key)}?op=${op}`, { method: 'POST', body: input === undefined ? '' : JSON.stringify(input) });
  const state = async (entity: string, key: string) => request(`${hooks}/entities/${entity}/${encodeURIComponent(key)}`);

  test('1,000 concurrent "add 1" signals from 50 clients leave exactly 1,000', async () => {
    const clients = Array.from({ length: 50 }, async () => {
      for (let i = 0; i < 20; i++) expect((await signal('SampleCounter', 'hot', 'add', 1)).status).toBe(202);
    });
    await Promise.all(clients);
    await env.runUntilIdle();
    const res = await state('SampleCounter', 'hot');
    expect(res.status).toBe(200);
    expect(res.body).toBe(1000);
  });

  test('an orchestration calls an entity for a result, sees an error the entity throws, and signals one-way', async () => {
    const id = await env.start('CallCounter', 'called');
    const status = await env.waitForCompletion(id);
    expect(status.output).toEqual({ value: 5, error: "Unknown operation 'explode'" });
    await env.runUntilIdle();
    expect((await state('SampleCounter', 'called')).body).toBe(105);
  });

  test('an operation that throws leaves the state as it was before it; the operations around it apply', async () => {
    await signal('SampleCounter', 'rollback', 'add', 1);
    await signal('SampleCounter', 'rollback', 'addThenFail', 1000);
    await signal('SampleCounter', 'rollback', 'add', 2);
    await env.runUntilIdle();
    expect((await state('SampleCounter', 'rollback')).body).toBe(3);
  });

  test('an entity can signal another entity', async () => {
    await signal('SampleCounter', 'forwarder', 'forward', { to: 'receiver', amount: 7 });
    await env.runUntilIdle();
    expect((await state('SampleCounter', 'receiver')).body).toBe(7);
  });

  test('a critical section moves money between two locked accounts', async () => {
    await signal('Account', 'alice', 'deposit', 100);
    await env.runUntilIdle();
    const ok = await env.start('Transfer', { from: 'alice', to: 'bob', amount: 30 });
    expect((await env.waitForCompletion(ok)).output).toEqual({ transferred: true });
    const refused = await env.start('Transfer', { from: 'alice', to: 'bob', amount: 500 });
    expect((await env.waitForCompletion(refused)).output).toEqual({ transferred: false, balance: 70 });
    expect((await state('Account', 'alice')).body).toBe(70);
    expect((await state('Account', 'bob')).body).toBe(30);
  });

  test('while an orchestration holds the lock, other operations wait and then apply, in order', async () => {
    const id = await env.start('HoldLock', { account: 'locked' });
    await env.runUntilIdle();
    await signal('Account', 'locked', 'deposit', 10);
    await signal('Account', 'locked', 'deposit', 5);
    await env.runUntilIdle();
    // The orchestration's own 'get' ran; the deposits wait behind its lock.
    expect((await state('Account', 'locked')).body ?? 0).toBe(0);
    await env.raiseEvent(id, 'Release');
    await env.waitForCompletion(id);
    await env.runUntilIdle();
    expect((await state('Account', 'locked')).body).toBe(15);
  });

  test('locks are released when the orchestration fails or is terminated', async () => {
    const failing = await env.start('HoldLock', { account: 'fails', fail: true });
    expect((await env.waitForCompletion(failing)).runtimeStatus).toBe('Failed');
    await signal('Account', 'fails', 'deposit', 1);
    await env.runUntilIdle();
    expect((await state('Account', 'fails')).body).toBe(1);

    const held = await env.start('HoldLock', { account: 'terminated' });
    await env.runUntilIdle();
    await signal('Account', 'terminated', 'deposit', 2);
    await env.terminate(held, 'stop');
    await env.runUntilIdle();
    expect((await state('Account', 'terminated')).body).toBe(2);
  });

  test('the entities routes: state 404 before it exists, list with state and paging, DELETE removes it', async () => {
    expect((await state('SampleCounter', 'listed-never')).status).toBe(404);
    for (const key of ['listed-a', 'listed-b', 'listed-c']) await signal('SampleCounter', key, 'add', 1);
    await env.runUntilIdle();
    const first = await request(`${hooks}/entities/SampleCounter?fetchState=true&top=2`);
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(2);
    expect(first.body[0]).toMatchObject({ entityId: { name: 'samplecounter', key: expect.any(String) }, lastOperationTime: expect.stringMatching(/Z$/) });
    expect(first.body[0]).toHaveProperty('state');
    expect(first.headers.get('x-ms-continuation-token')).toBeTruthy();

    expect((await request(`${hooks}/entities/SampleCounter/listed-a`, { method: 'DELETE' })).status).toBe(202);
    await env.runUntilIdle();
    expect((await state('SampleCounter', 'listed-a')).status).toBe(404);
    const unknown = await signal('NoSuchEntity', 'k', 'add', 1);
    expect(unknown.status).toBe(400);
    expect(unknown.body.Message).toMatch(/^The function 'NoSuchEntity' doesn't exist, is disabled, or is not an entity function\. Additional info: The following are the known entity functions: /);
    expect((await signal('SampleCounter', 'k', 'add', '{bad')).status).toBe(202);
    const notJson = await request(`${hooks}/entities/SampleCounter/k?op=add`, { method: 'POST', body: '{bad' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.Message).toMatch(/^Could not parse JSON content: /);
  });

  test('as the extension: a signal without op is sent with an empty operation, and a body that is not JSON reaches the entity as a string', async () => {
    expect((await signal('SampleCounter', 'no-op', '', 1)).status).toBe(202);
    await env.runUntilIdle();
    // The entity sees operation '' (and refuses it), so nothing is stored.
    expect((await state('SampleCounter', 'no-op')).status).toBe(404);
    const text = await request(`${hooks}/entities/SampleCounter/as-text?op=add`, { method: 'POST', body: '5', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(202);
    await env.runUntilIdle();
    // add of the text "5" to 0: the SDK's + concatenates, so the state is the string "05".
    const stored = await state('SampleCounter', 'as-text');
    expect(stored.text).toBe('"05"');
  });
});
