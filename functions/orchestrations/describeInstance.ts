import type { DurableOrchestrationStatus } from 'durable-functions';

export interface InstanceDescription {
  instanceId: string;
  name: string;
  status: string;
  createdAt: string | null;
  lastUpdatedAt: string | null;
  input: unknown;
  output: unknown;
  customStatus: unknown;
}

/** The JSON an HTTP caller gets for an instance; absent values become null so every field is always present. */
export function describeInstance(status: DurableOrchestrationStatus): InstanceDescription {
  return {
    instanceId: status.instanceId,
    name: status.name,
    status: status.runtimeStatus,
    createdAt: toIsoString(status.createdTime),
    lastUpdatedAt: toIsoString(status.lastUpdatedTime),
    input: status.input ?? null,
    output: status.output ?? null,
    customStatus: status.customStatus ?? null,
  };
}

function toIsoString(date: Date | undefined): string | null {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}
