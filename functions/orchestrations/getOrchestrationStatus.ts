import { describeInstance } from './describeInstance';
import { requireInstance } from '../http/instanceLookup';
import { jsonResponse } from '../http/jsonResponse';
import type { DurableHttpHandler } from '../http/withDurableClient';

/** GET orchestrations/{instanceId}: the instance's status, input, output and custom status. */
export const getOrchestrationStatus: DurableHttpHandler = async (request, client) => {
  const status = await requireInstance(client, request.params.instanceId, { showInput: true });
  return jsonResponse(200, describeInstance(status));
};
