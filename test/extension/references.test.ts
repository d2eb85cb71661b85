jest.mock('durable-functions', () => jest.requireActual('../support/fakes/durableFunctionsMock').durableFunctionsMock());

import * as df from 'durable-functions';
import {
  defineActivity,
  defineOrchestration,
  isRegisteredOrchestration,
  registeredOrchestrationNames,
  retryPolicy,
} from '../../src/extension';
import { fakeOrchestrationContext } from '../support/fakes/fakeOrchestrationContext';
import { registeredOrchestrator } from '../support/fakes/registeredDurableFunctions';

const double = (n: number) => n * 2;

describe('defineActivity', () => {
  const Double = defineActivity('DoubleActivity', double);

  test('registers the handler with df.app.activity under the given name', () => {
    expect(df.app.activity).toHaveBeenCalledWith('DoubleActivity', { handler: double });
    expect(Double.name).toBe('DoubleActivity');
    expect(Double.handler).toBe(double);
  });

  test('call yields the callActivity task and returns what the runtime sends back', () => {
    const { context, scheduled } = fakeOrchestrationContext(undefined);
    const call = Double.call(context, 21);
    const first = call.next();
    expect(first.value).toBe(scheduled[0]);
    expect(scheduled[0]).toEqual({ kind: 'activity', name: 'DoubleActivity', input: 21 });
    expect(call.next(42)).toEqual({ done: true, value: 42 });
  });

  test('callWithRetry schedules the call with the retry options', () => {
    const { context, scheduled } = fakeOrchestrationContext(undefined);
    const retry = retryPolicy({ attempts: 3, firstInterval: '5s' });
    Double.callWithRetry(context, retry, 1).next();
    expect(scheduled[0]).toEqual({ kind: 'activity', name: 'DoubleActivity', input: 1, retry });
  });

  test('task returns the raw task for Task.all / Task.any', () => {
    const { context, scheduled } = fakeOrchestrationContext(undefined);
    expect(Double.task(context, 2)).toBe(scheduled[0]);
  });
});

describe('defineOrchestration', () => {
  const handler = jest.fn(function* (_context: df.OrchestrationContext, input: { n: number }) {
    return input.n + 1;
  });
  const AddOne = defineOrchestration('AddOneOrchestration', handler);

  test('registers with df.app.orchestration and hands the handler its input', () => {
    const { context } = fakeOrchestrationContext({ n: 1 });
    const generator = registeredOrchestrator('AddOneOrchestration')(context);
    expect(generator.next()).toEqual({ done: true, value: 2 });
    expect(handler).toHaveBeenCalledWith(context, { n: 1 });
  });

  test('remembers the name so starters can tell known orchestrations from unknown ones', () => {
    expect(registeredOrchestrationNames()).toContain('AddOneOrchestration');
    expect(isRegisteredOrchestration('AddOneOrchestration')).toBe(true);
    expect(isRegisteredOrchestration('addoneorchestration')).toBe(false);
    expect(isRegisteredOrchestration('NoSuchOrchestration')).toBe(false);
  });

  test('start asks the client for a new instance with the input and instance id', async () => {
    const client = { startNew: jest.fn(async () => 'id-1') } as unknown as df.DurableClient;
    await expect(AddOne.start(client, { n: 5 }, { instanceId: 'id-1' })).resolves.toBe('id-1');
    expect(client.startNew).toHaveBeenCalledWith('AddOneOrchestration', { input: { n: 5 }, instanceId: 'id-1' });
  });

  test('callSubOrchestration yields the sub-orchestration task and returns its result', () => {
    const { context, scheduled } = fakeOrchestrationContext(undefined);
    const call = AddOne.callSubOrchestration(context, { n: 3 }, 'child-1');
    expect(call.next().value).toBe(scheduled[0]);
    expect(scheduled[0]).toEqual({ kind: 'subOrchestration', name: 'AddOneOrchestration', input: { n: 3 }, instanceId: 'child-1' });
    expect(call.next(4)).toEqual({ done: true, value: 4 });
  });

  test('callSubOrchestrationWithRetry passes the retry options along', () => {
    const { context, scheduled } = fakeOrchestrationContext(undefined);
    const retry = retryPolicy({ attempts: 2, firstInterval: '1s' });
    AddOne.callSubOrchestrationWithRetry(context, retry, { n: 3 }).next();
    expect(scheduled[0]).toMatchObject({ kind: 'subOrchestration', retry });
  });
});
