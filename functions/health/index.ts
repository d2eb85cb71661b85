import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { urlSafeClient } from '../../src/extension';
import { withJsonErrors } from '../http/withJsonErrors';
import { checkHealth } from './checkHealth';

// Anonymous, so that a load balancer or a probe can ask without a key.
// Not withDurableClient: a client that cannot even be created must answer 503 here, not 500.
app.http('Health', {
  route: 'health',
  methods: ['GET'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withJsonErrors((_request, context) => checkHealth(() => urlSafeClient(df.getClient(context)), context)),
});
