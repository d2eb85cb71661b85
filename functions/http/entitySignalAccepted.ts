import type { HttpResponseInit } from '@azure/functions';
import { jsonResponse } from './jsonResponse';

/** The 202 for an operation queued with signalEntity: it runs later, in order with the entity's other operations. */
export function entitySignalAccepted(entity: string, key: string, operation: string, input?: unknown): HttpResponseInit {
  return jsonResponse(202, input === undefined ? { entity, key, operation } : { entity, key, operation, input });
}
