jest.mock('durable-functions', () => jest.requireActual('../support/fakes/durableFunctionsMock').durableFunctionsMock());

import { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { DurableClient } from 'durable-functions';
import { checkHealth } from '../../functions/health/checkHealth';
import { getOrchestrationStatus } from '../../functions/orchestrations/getOrchestrationStatus';
import { raiseOrchestrationEvent } from '../../functions/orchestrations/raiseOrchestrationEvent';
import { startOrchestration } from '../../functions/orchestrations/startOrchestration';
import { terminateOrchestration } from '../../functions/orchestrations/terminateOrchestration';
import { DurableHttpHandler } from '../../functions/http/withDurableClient';
import { withJsonErrors } from '../../functions/http/withJsonErrors';
import { defineOrchestration } from '../../src/extension';
import { fakeDurableClient } from '../support/fakes/fakeDurableClient';

defineOrchestration('KnownOrchestration', function* () {
  return 'done';
});

function request(init: { params: Record<string, string>; body?: string; query?: string }): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: `http://localhost/api/test${init.query ? `?${init.query}` : ''}`,
    params: init.params,
    body: init.body === undefined ? undefined : { string: init.body },
  });
}

function invocationContext(): InvocationContext {
  return new InvocationContext({ functionName: 'TestFunction', invocationId: 'inv-1', logHandler: () => undefined });
}

/** Runs a handler the way functions/orchestrations/index.ts registers it, with the fake client in place of df.getClient. */
function call(handler: DurableHttpHandler, client: DurableClient, httpRequest: HttpRequest) {
  return withJsonErrors((req, context) => handler(req, client, context))(httpRequest, invocationContext()) as Promise<HttpResponseInit>;
}

describe('StartOrchestration', () => {
  test('starts a registered orchestration with the JSON body and answers with the check-status response', async () => {
    const client = fakeDurableClient();
    const response = await call(startOrchestration, client, request({ params: { name: 'KnownOrchestration' }, body: '{"a":1}' }));
    expect(response).toEqual({ status: 202, jsonBody: { id: 'generated-id' } });
    expect(client.startNew).toHaveBeenCalledWith('KnownOrchestration', { input: { a: 1 }, instanceId: undefined });
  });

  test('starts with no input when the body is empty, under the requested instance id', async () => {
    const client = fakeDurableClient();
    await call(startOrchestration, client, request({ params: { name: 'KnownOrchestration' }, query: 'instanceId=mine' }));
    expect(client.startNew).toHaveBeenCalledWith('KnownOrchestration', { input: undefined, instanceId: 'mine' });
  });

  test('answers 404 for an orchestration that is not registered', async () => {
    const response = await call(startOrchestration, fakeDurableClient(), request({ params: { name: 'Nope' } }));
    expect(response.status).toBe(404);
    expect(response.jsonBody.error).toMatch(/No orchestration named "Nope".*KnownOrchestration/);
  });

  test('answers 400 for a malformed JSON body', async () => {
    const response = await call(startOrchestration, fakeDurableClient(), request({ params: { name: 'KnownOrchestration' }, body: '{oops' }));
    expect(response.status).toBe(400);
    expect(response.jsonBody.error).toMatch(/not valid JSON/);
  });

  test.each(['Running', 'Pending', 'Suspended', 'ContinuedAsNew'])('answers 409 when the instance id is %s', async (runtimeStatus) => {
    const client = fakeDurableClient({ busy: { runtimeStatus } });
    const response = await call(startOrchestration, client, request({ params: { name: 'KnownOrchestration' }, query: 'instanceId=busy' }));
    expect(response.status).toBe(409);
    expect(client.startNew).not.toHaveBeenCalled();
  });

  test('reuses the id of a finished instance', async () => {
    const client = fakeDurableClient({ old: { runtimeStatus: 'Completed' } });
    const response = await call(startOrchestration, client, request({ params: { name: 'KnownOrchestration' }, query: 'instanceId=old' }));
    expect(response.status).toBe(202);
  });

  test('answers 400 for an instance id the runtime would refuse', async () => {
    const response = await call(
      startOrchestration,
      fakeDurableClient(),
      request({ params: { name: 'KnownOrchestration' }, query: 'instanceId=a%2Fb' }),
    );
    expect(response.status).toBe(400);
  });
});

describe('GetOrchestrationStatus', () => {
  test('describes an instance with ISO dates', async () => {
    const client = fakeDurableClient({ i1: { name: 'KnownOrchestration', runtimeStatus: 'Completed', input: { a: 1 }, output: 'done' } });
    const response = await call(getOrchestrationStatus, client, request({ params: { instanceId: 'i1' } }));
    expect(response).toEqual({
      status: 200,
      jsonBody: {
        instanceId: 'i1',
        name: 'KnownOrchestration',
        status: 'Completed',
        createdAt: '2030-01-01T00:00:00.000Z',
        lastUpdatedAt: '2030-01-01T00:00:05.000Z',
        input: { a: 1 },
        output: 'done',
        customStatus: null,
      },
    });
    expect(client.getStatus).toHaveBeenCalledWith('i1', { showInput: true });
  });

  test('answers 404 for an unknown instance', async () => {
    const response = await call(getOrchestrationStatus, fakeDurableClient(), request({ params: { instanceId: 'ghost' } }));
    expect(response).toEqual({ status: 404, jsonBody: { error: 'No orchestration instance with id "ghost".' } });
  });
});

describe('TerminateOrchestration', () => {
  test('terminates a running instance with the given reason', async () => {
    const client = fakeDurableClient({ i1: { runtimeStatus: 'Running' } });
    const response = await call(terminateOrchestration, client, request({ params: { instanceId: 'i1' }, body: '{"reason":"stop"}' }));
    expect(response).toEqual({ status: 202, jsonBody: { instanceId: 'i1', status: 'Terminating' } });
    expect(client.terminate).toHaveBeenCalledWith('i1', 'stop');
  });

  test('uses a default reason when there is no body', async () => {
    const client = fakeDurableClient({ i1: { runtimeStatus: 'Running' } });
    await call(terminateOrchestration, client, request({ params: { instanceId: 'i1' } }));
    expect(client.terminate).toHaveBeenCalledWith('i1', expect.stringContaining('HTTP API'));
  });

  test.each(['Completed', 'Failed', 'Terminated'])('answers 409 for an instance that is already %s', async (runtimeStatus) => {
    const client = fakeDurableClient({ i1: { runtimeStatus } });
    const response = await call(terminateOrchestration, client, request({ params: { instanceId: 'i1' } }));
    expect(response.status).toBe(409);
    expect(response.jsonBody.error).toContain(runtimeStatus);
    expect(client.terminate).not.toHaveBeenCalled();
  });

  test('answers 404 for an unknown instance', async () => {
    const response = await call(terminateOrchestration, fakeDurableClient(), request({ params: { instanceId: 'ghost' } }));
    expect(response.status).toBe(404);
  });

  test.each(['{bad', '"stop"', '{"reason": 5}'])('answers 400 for the body %p', async (body) => {
    const client = fakeDurableClient({ i1: { runtimeStatus: 'Running' } });
    const response = await call(terminateOrchestration, client, request({ params: { instanceId: 'i1' }, body }));
    expect(response.status).toBe(400);
  });
});

describe('RaiseOrchestrationEvent', () => {
  test('raises the event with the JSON body as payload', async () => {
    const client = fakeDurableClient({ i1: { runtimeStatus: 'Running' } });
    const response = await call(
      raiseOrchestrationEvent,
      client,
      request({ params: { instanceId: 'i1', eventName: 'ApprovalReceived' }, body: '{"approved":true}' }),
    );
    expect(response).toEqual({ status: 202, jsonBody: { instanceId: 'i1', eventName: 'ApprovalReceived' } });
    expect(client.raiseEvent).toHaveBeenCalledWith('i1', 'ApprovalReceived', { approved: true });
  });

  test('answers 404 for an unknown instance, 409 for a finished one, 400 for malformed JSON', async () => {
    const client = fakeDurableClient({ done: { runtimeStatus: 'Completed' }, live: { runtimeStatus: 'Running' } });
    const raise = (instanceId: string, body?: string) =>
      call(raiseOrchestrationEvent, client, request({ params: { instanceId, eventName: 'E' }, body }));
    expect((await raise('ghost', '{}')).status).toBe(404);
    expect((await raise('done', '{}')).status).toBe(409);
    expect((await raise('live', '{nope')).status).toBe(400);
    expect(client.raiseEvent).not.toHaveBeenCalled();
  });

  test('answers 404 when the instance disappears between the lookup and the event', async () => {
    const client = fakeDurableClient({ i1: { runtimeStatus: 'Running' } });
    client.raiseEvent.mockRejectedValueOnce(new Error("No instance with ID 'i1' found."));
    const response = await call(raiseOrchestrationEvent, client, request({ params: { instanceId: 'i1', eventName: 'E' } }));
    expect(response.status).toBe(404);
  });
});

describe('unexpected failures', () => {
  test('become a JSON 500 without internals', async () => {
    const client = fakeDurableClient();
    client.getStatus.mockRejectedValueOnce(new Error('socket hang up at 10.0.0.1'));
    const response = await call(getOrchestrationStatus, client, request({ params: { instanceId: 'i1' } }));
    expect(response).toEqual({ status: 500, jsonBody: { error: 'Internal error; see the logs for invocation inv-1.' } });
  });
});

describe('Health', () => {
  test('is healthy when the runtime answers that the probe instance does not exist', async () => {
    const response = await checkHealth(() => fakeDurableClient(), invocationContext());
    expect(response).toEqual({ status: 200, jsonBody: { status: 'healthy' } });
  });

  test('is unhealthy (503) when the runtime cannot be reached', async () => {
    const client = fakeDurableClient();
    client.getStatus.mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:7071'));
    const response = await checkHealth(() => client, invocationContext());
    expect(response).toEqual({ status: 503, jsonBody: { status: 'unhealthy', error: 'connect ECONNREFUSED 127.0.0.1:7071' } });
  });

  test('is unhealthy when no durable client can be created', async () => {
    const response = await checkHealth(() => {
      throw new Error('No durable client binding');
    }, invocationContext());
    expect(response.status).toBe(503);
  });

  test('is unhealthy when the runtime does not answer in time', async () => {
    const client = fakeDurableClient();
    client.getStatus.mockImplementationOnce(() => new Promise(() => undefined));
    const response = await checkHealth(() => client, invocationContext(), 20);
    expect(response).toEqual({ status: 503, jsonBody: { status: 'unhealthy', error: expect.stringMatching(/did not answer within 20 ms/) } });
  });
});
