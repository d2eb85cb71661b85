import type { OrchestrationReference } from '../OrchestrationReference';

/** An orchestration named by its typed reference, or by name when it is registered in another entry file. */
export type OrchestrationTarget<I> = OrchestrationReference<I, unknown> | string;

export function orchestrationName<I>(target: OrchestrationTarget<I>): string {
  return typeof target === 'string' ? target : target.name;
}
