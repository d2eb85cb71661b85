import { describeInstance } from '../describeInstance';
import { requireInstance } from '../instanceLookup';
import { jsonResponse } from '../jsonResponse';
import type { DurableHttpHandler } from '../withDurableClient';

/** GET orchestrations/{instanceId}: the instance's status, input, output and custom status. */
export const getOrchestrationStatus: DurableHttpHandler = async (request, client) => {
  const status = await requireInstance(client, request.params.instanceId, { showInput: true });
  return jsonResponse(200, describeInstance(status));
};
