import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { setupTelemetry } from '../src/extension';
import { checkHealth } from './http/handlers/checkHealth';
import { getOrchestrationStatus } from './http/handlers/getOrchestrationStatus';
import { raiseOrchestrationEvent } from './http/handlers/raiseOrchestrationEvent';
import { startOrchestration } from './http/handlers/startOrchestration';
import { terminateOrchestration } from './http/handlers/terminateOrchestration';
import { withDurableClient } from './http/withDurableClient';
import { withJsonErrors } from './http/withJsonErrors';

// Application Insights for the whole app when APPLICATIONINSIGHTS_CONNECTION_STRING is set; nothing otherwise.
setupTelemetry();

app.http('StartOrchestration', {
  route: 'orchestrators/{name}',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(startOrchestration),
});

app.http('GetOrchestrationStatus', {
  route: 'orchestrations/{instanceId}',
  methods: ['GET'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(getOrchestrationStatus),
});

app.http('TerminateOrchestration', {
  route: 'orchestrations/{instanceId}/terminate',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(terminateOrchestration),
});

app.http('RaiseOrchestrationEvent', {
  route: 'orchestrations/{instanceId}/events/{eventName}',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(raiseOrchestrationEvent),
});

// Not withDurableClient: a client that cannot even be created must answer 503 here, not 500.
app.http('Health', {
  route: 'health',
  methods: ['GET'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withJsonErrors((_request, context) => checkHealth(() => df.getClient(context), context)),
});
