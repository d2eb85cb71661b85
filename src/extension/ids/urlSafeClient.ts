import * as df from 'durable-functions';
import type { DurableClient, EntityId, HttpManagementPayload } from 'durable-functions';
import { HttpResponse, type HttpRequest } from '@azure/functions';

const URL_SAFE = Symbol('urlSafeClient');

// Ids, keys, event names, operation names and reasons go into the management URLs as one path segment or query value.
const inUrl = (text: string) => encodeURIComponent(text);
const entityInUrl = (entityId: EntityId) => new df.EntityId(entityId.name, inUrl(entityId.key));

/**
 * The durable client with every id, key, event name and reason percent-encoded before durable-functions
 * puts it into a management URL (it does not encode them itself), so that any id the runtime accepts
 * (with '%', spaces or non-ASCII characters) reaches the instance it names. Calls the SDK makes on
 * itself (waitForCompletionOrCreateCheckStatusResponse calls getStatus) go through the same wrapper.
 * Wrapping a wrapped client returns it unchanged.
 */
export function urlSafeClient(client: DurableClient): DurableClient {
  if ((client as unknown as Record<symbol, unknown>)[URL_SAFE]) return client;
  const safe = Object.create(client) as DurableClient;
  const payload = (instanceId: string): HttpManagementPayload => ({ ...client.createHttpManagementPayload(inUrl(instanceId)), id: instanceId });
  Object.assign(safe, {
    [URL_SAFE]: true,
    // Rest parameters keep the caller's arguments as they were given (no added undefined), only encoded.
    startNew: (name: string, options?: df.StartNewOptions) =>
      options?.instanceId ? client.startNew(name, { ...options, instanceId: inUrl(options.instanceId) }) : client.startNew(name, options),
    getStatus: (instanceId: string, ...rest: [df.GetStatusOptions?]) => client.getStatus(inUrl(instanceId), ...rest),
    raiseEvent: (instanceId: string, eventName: string, ...rest: [unknown, df.TaskHubOptions?]) => client.raiseEvent(inUrl(instanceId), inUrl(eventName), ...rest),
    terminate: (instanceId: string, reason: string) => client.terminate(inUrl(instanceId), inUrl(reason)),
    suspend: (instanceId: string, reason: string) => client.suspend(inUrl(instanceId), inUrl(reason)),
    resume: (instanceId: string, reason: string) => client.resume(inUrl(instanceId), inUrl(reason)),
    rewind: (instanceId: string, reason: string, ...rest: [df.TaskHubOptions?]) => client.rewind(inUrl(instanceId), inUrl(reason), ...rest),
    purgeInstanceHistory: (instanceId: string) => client.purgeInstanceHistory(inUrl(instanceId)),
    signalEntity: (entityId: EntityId, operationName?: string, ...rest: [unknown?, df.TaskHubOptions?]) =>
      client.signalEntity(entityInUrl(entityId), operationName === undefined ? undefined : inUrl(operationName), ...rest),
    readEntityState: <T>(entityId: EntityId, ...rest: [df.TaskHubOptions?]) => client.readEntityState<T>(entityInUrl(entityId), ...rest),
    createHttpManagementPayload: payload,
    // As the SDK answers (202, Location, Retry-After), with the links built for the encoded id.
    createCheckStatusResponse: (request: HttpRequest | undefined, instanceId: string) => {
      const body = request?.url ? withOrigin(payload(instanceId), request.url) : payload(instanceId);
      return new HttpResponse({ status: 202, jsonBody: body, headers: { 'Content-Type': 'application/json', Location: body.statusQueryGetUri, 'Retry-After': '10' } });
    },
  });
  return safe;
}

// The SDK points the links at the origin the request came in on; so does this.
function withOrigin(payload: HttpManagementPayload, requestUrl: string): HttpManagementPayload {
  const origin = new URL(requestUrl).origin;
  const moved = { ...payload } as Record<string, string>;
  for (const [key, value] of Object.entries(moved)) {
    if (key !== 'id' && /^https?:\/\//.test(value)) moved[key] = origin + value.slice(new URL(value).origin.length);
  }
  return moved as unknown as HttpManagementPayload;
}
