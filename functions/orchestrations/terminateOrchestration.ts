import { HttpError } from '../http/HttpError';
import { instanceNotFound, isInstanceNotFoundError, requireUnfinishedInstance } from '../http/instanceLookup';
import { jsonResponse } from '../http/jsonResponse';
import { readJsonBody } from '../http/readJsonBody';
import type { DurableHttpHandler } from '../http/withDurableClient';

const DEFAULT_REASON = 'Terminated through the HTTP API.';

/** POST orchestrations/{instanceId}/terminate with an optional `{ "reason": "..." }`. */
export const terminateOrchestration: DurableHttpHandler = async (request, client, context) => {
  const instanceId = request.params.instanceId;
  const reason = readReason(await readJsonBody(request));
  await requireUnfinishedInstance(client, instanceId);
  try {
    await client.terminate(instanceId, reason);
  } catch (error) {
    // The instance can be purged between the lookup and this call.
    throw isInstanceNotFoundError(error) ? instanceNotFound(instanceId) : error;
  }
  context.info(`Terminating instance ${instanceId}: ${reason}`);
  return jsonResponse(202, { instanceId, status: 'Terminating' });
};

function readReason(body: unknown): string {
  if (body === undefined || body === null) {
    return DEFAULT_REASON;
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'The body, when given, must be a JSON object like {"reason": "..."}.');
  }
  const reason = (body as { reason?: unknown }).reason;
  if (reason === undefined) {
    return DEFAULT_REASON;
  }
  if (typeof reason !== 'string') {
    throw new HttpError(400, 'reason must be a string.');
  }
  return reason;
}
