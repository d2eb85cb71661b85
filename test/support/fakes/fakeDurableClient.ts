import type { DurableClient, EntityId } from 'durable-functions';

export interface FakeInstance {
  name?: string;
  runtimeStatus: string;
  input?: unknown;
  output?: unknown;
  customStatus?: unknown;
}

/**
 * A durable client over an in-memory map of instances, failing the way the real client does for unknown ids,
 * and a map of entity states keyed `<name>@<key>` (an entity not in the map does not exist).
 */
export function fakeDurableClient(instances: Record<string, FakeInstance> = {}, entityStates: Record<string, unknown> = {}) {
  const notFound = (instanceId: string) =>
    new Error(
      'DurableClient error: Durable Functions extension replied with HTTP 404 response. ' +
        `This usually means we could not find any data associated with the instanceId provided: ${instanceId}.`,
    );
  const client = {
    getStatus: jest.fn(async (instanceId: string) => {
      const instance = instances[instanceId];
      if (!instance) {
        throw notFound(instanceId);
      }
      return {
        instanceId,
        name: instance.name ?? 'SomeOrchestration',
        createdTime: new Date('2030-01-01T00:00:00Z'),
        lastUpdatedTime: new Date('2030-01-01T00:00:05Z'),
        input: instance.input ?? null,
        output: instance.output ?? null,
        runtimeStatus: instance.runtimeStatus,
        customStatus: instance.customStatus,
      };
    }),
    startNew: jest.fn(async (_name: string, options?: { instanceId?: string }) => options?.instanceId ?? 'generated-id'),
    createCheckStatusResponse: jest.fn((_request: unknown, instanceId: string) => ({ status: 202, jsonBody: { id: instanceId } })),
    terminate: jest.fn(async () => undefined),
    raiseEvent: jest.fn(async () => undefined),
    signalEntity: jest.fn(async (_entityId: EntityId, _operation?: string, _input?: unknown) => undefined),
    readEntityState: jest.fn(async (entityId: EntityId) => {
      const id = `${entityId.name}@${entityId.key}`;
      return id in entityStates ? { entityExists: true, entityState: entityStates[id] } : { entityExists: false };
    }),
  };
  return client as typeof client & DurableClient;
}
