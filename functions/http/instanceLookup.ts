import type { DurableClient, DurableOrchestrationStatus, GetStatusOptions } from 'durable-functions';
import { HttpError } from './HttpError';
import { checkInstanceId } from './instanceId';
import { isActiveStatus, isFinishedStatus } from './runtimeStatusGroups';

/**
 * Whether a durable client error means "no such instance". The client reports it only in the
 * message: getStatus says the extension "replied with HTTP 404", terminate and raiseEvent say "No instance with ID".
 */
export function isInstanceNotFoundError(error: unknown): boolean {
  return error instanceof Error && /\b404\b|No instance with ID/i.test(error.message);
}

/** The instance's status, or `undefined` when the runtime has no such instance. */
export async function findInstance(
  client: DurableClient,
  instanceId: string,
  options?: GetStatusOptions,
): Promise<DurableOrchestrationStatus | undefined> {
  try {
    return await client.getStatus(checkInstanceId(instanceId), options);
  } catch (error) {
    if (isInstanceNotFoundError(error)) {
      return undefined;
    }
    throw error;
  }
}

export function instanceNotFound(instanceId: string): HttpError {
  return new HttpError(404, `No orchestration instance with id "${instanceId}".`);
}

/** The instance's status; a 404 HttpError when there is no such instance. */
export async function requireInstance(
  client: DurableClient,
  instanceId: string,
  options?: GetStatusOptions,
): Promise<DurableOrchestrationStatus> {
  const status = await findInstance(client, instanceId, options);
  if (!status) {
    throw instanceNotFound(instanceId);
  }
  return status;
}

/** Like `requireInstance`, and a 409 HttpError when the instance has already finished. */
export async function requireUnfinishedInstance(client: DurableClient, instanceId: string): Promise<DurableOrchestrationStatus> {
  const status = await requireInstance(client, instanceId);
  if (isFinishedStatus(status.runtimeStatus)) {
    throw new HttpError(409, `Instance "${instanceId}" has already finished with status ${status.runtimeStatus}.`);
  }
  return status;
}

/** A 409 HttpError when an instance with this id is still in progress; finished ids may be reused. */
export async function requireNoActiveInstance(client: DurableClient, instanceId: string): Promise<void> {
  const status = await findInstance(client, instanceId);
  if (status && isActiveStatus(status.runtimeStatus)) {
    throw new HttpError(
      409,
      `Instance "${instanceId}" is already ${status.runtimeStatus}; wait for it to finish or terminate it first.`,
    );
  }
}
