import type { TriggeredFunction } from './AppFunctions';
import type { BindingInfo } from './functionsCore';
import type { TypedData } from './typedData';

/** Supplies the data of a non-trigger input binding (e.g. the durable client), or nothing. */
export type InputBindingProvider = (binding: BindingInfo) => TypedData | undefined;

/** The invocation's input data: the trigger's value first, then every input binding the host can supply. */
export function invocationInputs(fn: TriggeredFunction, trigger: TypedData | undefined, provider: InputBindingProvider): { name: string; data?: TypedData }[] {
  const inputs: { name: string; data?: TypedData }[] = [{ name: fn.triggerName, data: trigger }];
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (name === fn.triggerName || binding.direction !== 'in') continue;
    const data = provider(binding);
    if (data) inputs.push({ name, data });
  }
  return inputs;
}
