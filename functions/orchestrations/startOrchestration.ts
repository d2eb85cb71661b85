import { isRegisteredOrchestration, registeredOrchestrationNames } from '../../src/extension';
import { HttpError } from '../http/HttpError';
import { requireNoActiveInstance } from '../http/instanceLookup';
import { readJsonBody } from '../http/readJsonBody';
import type { DurableHttpHandler } from '../http/withDurableClient';

/** POST orchestrators/{name}[?instanceId=]: starts the named orchestration with the JSON body as its input. */
export const startOrchestration: DurableHttpHandler = async (request, client, context) => {
  const name = request.params.name;
  if (!isRegisteredOrchestration(name)) {
    const known = registeredOrchestrationNames().join(', ') || 'none';
    throw new HttpError(404, `No orchestration named "${name}". Registered orchestrations: ${known}.`);
  }
  const input = await readJsonBody(request);
  const requestedId = request.query.get('instanceId') ?? undefined;
  if (requestedId !== undefined) {
    await requireNoActiveInstance(client, requestedId);
  }
  const instanceId = await client.startNew(name, { input, instanceId: requestedId });
  context.info(`Started ${name} as instance ${instanceId}.`);
  return client.createCheckStatusResponse(request, instanceId);
};
