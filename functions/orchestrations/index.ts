import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { withDurableClient } from '../http/withDurableClient';
import { getOrchestrationStatus } from './getOrchestrationStatus';
import { raiseOrchestrationEvent } from './raiseOrchestrationEvent';
import { startOrchestration } from './startOrchestration';
import { terminateOrchestration } from './terminateOrchestration';

// Any registered orchestration, started, read, stopped and sent events over HTTP; each needs a key in Azure.

app.http('StartOrchestration', {
  route: 'orchestrators/{name}',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(startOrchestration),
});

app.http('GetOrchestrationStatus', {
  route: 'orchestrations/{instanceId}',
  methods: ['GET'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(getOrchestrationStatus),
});

app.http('TerminateOrchestration', {
  route: 'orchestrations/{instanceId}/terminate',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(terminateOrchestration),
});

app.http('RaiseOrchestrationEvent', {
  route: 'orchestrations/{instanceId}/events/{eventName}',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(raiseOrchestrationEvent),
});
