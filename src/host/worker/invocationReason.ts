import type { AppFunction } from './AppFunctions';

/** The `Reason='…'` that `func start` prints for a function's trigger; the Durable triggers give none. */
export function invocationReason(fn: AppFunction): string {
  const trigger = Object.values(fn.metadata.bindings ?? {}).find((b) => b.type.toLowerCase().endsWith('trigger'));
  switch (trigger?.type.toLowerCase()) {
    case 'httptrigger':
      return 'This function was programmatically called via the host APIs.';
    case 'timertrigger':
      return `Timer fired at ${new Date().toISOString()}`;
    case 'queuetrigger':
      return `New queue message detected on '${trigger.queueName ?? ''}'.`;
    default:
      return '(null)';
  }
}
