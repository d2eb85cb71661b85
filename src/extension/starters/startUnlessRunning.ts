import { type DurableClient, type DurableOrchestrationStatus, OrchestrationRuntimeStatus } from 'durable-functions';
import { urlSafeClient } from '../ids/urlSafeClient';

// An instance in one of these still owns its id; a finished one may be replaced, as the Durable runtime allows.
const ACTIVE_STATUSES: ReadonlySet<string> = new Set([
  OrchestrationRuntimeStatus.Pending,
  OrchestrationRuntimeStatus.Running,
  OrchestrationRuntimeStatus.Suspended,
  OrchestrationRuntimeStatus.ContinuedAsNew,
]);

export type StartOutcome =
  | { started: true; instanceId: string }
  | { started: false; instanceId: string; runtimeStatus: string };

async function findStatus(client: DurableClient, instanceId: string): Promise<DurableOrchestrationStatus | undefined> {
  try {
    return await client.getStatus(instanceId);
  } catch (error) {
    // The client reports an unknown instance only in the message ("replied with HTTP 404").
    if (error instanceof Error && /\b404\b/.test(error.message)) return undefined;
    throw error;
  }
}

/**
 * Starts orchestration `name` as `instanceId` unless an instance with that id is still running: the
 * singleton pattern. A finished instance is replaced. Losing a race to another starter counts as running.
 */
export async function startUnlessRunning(sdkClient: DurableClient, name: string, instanceId: string, input?: unknown): Promise<StartOutcome> {
  const client = urlSafeClient(sdkClient);
  const existing = await findStatus(client, instanceId);
  if (existing && ACTIVE_STATUSES.has(existing.runtimeStatus)) {
    return { started: false, instanceId, runtimeStatus: existing.runtimeStatus };
  }
  try {
    await client.startNew(name, { instanceId, input });
    return { started: true, instanceId };
  } catch (error) {
    // Another starter took the id since the look-up: the extension refuses the start (a 500 naming
    // OrchestrationAlreadyExistsException), and the instance is there, running.
    const winner = await findStatus(client, instanceId).catch(() => undefined);
    if (winner && ACTIVE_STATUSES.has(winner.runtimeStatus)) return { started: false, instanceId, runtimeStatus: winner.runtimeStatus };
    throw error;
  }
}
