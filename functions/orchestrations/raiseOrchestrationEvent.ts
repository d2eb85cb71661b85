import { checkEventName } from '../http/instanceId';
import { instanceNotFound, isInstanceNotFoundError, requireUnfinishedInstance } from '../http/instanceLookup';
import { jsonResponse } from '../http/jsonResponse';
import { readJsonBody } from '../http/readJsonBody';
import type { DurableHttpHandler } from '../http/withDurableClient';

/** POST orchestrations/{instanceId}/events/{eventName}: delivers the JSON body as the event's payload. */
export const raiseOrchestrationEvent: DurableHttpHandler = async (request, client, context) => {
  const { instanceId } = request.params;
  const eventName = checkEventName(request.params.eventName);
  const payload = await readJsonBody(request);
  await requireUnfinishedInstance(client, instanceId);
  try {
    await client.raiseEvent(instanceId, eventName, payload);
  } catch (error) {
    // The instance can be purged between the lookup and this call.
    throw isInstanceNotFoundError(error) ? instanceNotFound(instanceId) : error;
  }
  context.info(`Raised ${eventName} on instance ${instanceId}.`);
  return jsonResponse(202, { instanceId, eventName });
};
