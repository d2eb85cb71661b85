import type { TriggeredFunction } from '../worker/AppFunctions';
import type { BindingInfo } from '../worker/functionsCore';

// What the host implements besides the triggers it listens for: HTTP responses, the durable client, and the storage bindings.
const SUPPORTED: Record<string, readonly ('in' | 'out')[]> = {
  http: ['out'],
  durableclient: ['in'],
  orchestrationclient: ['in'],
  blob: ['in', 'out'],
  queue: ['out'],
  table: ['in', 'out'],
};

function isTrigger(binding: BindingInfo): boolean {
  return binding.type.toLowerCase().endsWith('trigger');
}

/** The bindings of a function that this host does not implement (Service Bus, Cosmos DB, SendGrid, ...), by name. */
export function unsupportedBindings(fn: TriggeredFunction): [string, BindingInfo][] {
  return Object.entries(fn.metadata.bindings ?? {}).filter(([, binding]) => {
    if (isTrigger(binding)) return false;
    const directions = SUPPORTED[binding.type.toLowerCase()];
    return !directions || !directions.includes(binding.direction === 'out' ? 'out' : 'in');
  });
}

/** How a binding is named in messages: `'name' (type, direction)`. */
export function describeBinding(name: string, binding: BindingInfo): string {
  return `'${name}' (${binding.type}, ${binding.direction})`;
}
