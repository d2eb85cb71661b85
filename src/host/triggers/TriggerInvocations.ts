import { InFlight } from '../lifecycle/InFlight';
import type { TriggeredFunction } from '../worker/AppFunctions';
import type { Invoker } from '../worker/Invoker';
import { type InputBindingProvider, invocationInputs } from '../worker/inputBindings';
import type { TypedData } from '../worker/typedData';

/** The first line of an error, which is what a log line about it needs. */
export function errorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}

/**
 * Invokes non-HTTP functions for the trigger listeners and the admin API, and keeps count of the
 * work in flight so that a stop (or a test on a virtual clock) can wait for it.
 */
export class TriggerInvocations {
  private readonly inFlight = new InFlight();

  constructor(
    private readonly invoker: Invoker,
    private readonly inputs: InputBindingProvider,
  ) {}

  /** Runs `fn` with its trigger's value; rejects with the function's error, which the invoker has logged. */
  run(fn: TriggeredFunction, trigger: TypedData, options: { triggerMetadata?: Record<string, TypedData>; reason?: string } = {}): Promise<void> {
    const inputData = invocationInputs(fn, trigger, this.inputs);
    return this.track(this.invoker.invoke(fn, { inputData, triggerMetadata: options.triggerMetadata, reason: options.reason }).then(() => undefined));
  }

  /** Counts `work` (a run and what a listener does after it) as in flight until it settles. */
  track<T>(work: Promise<T>): Promise<T> {
    return this.inFlight.track(work);
  }

  get busy(): boolean {
    return this.inFlight.busy;
  }

  /** Resolves when nothing is in flight, work started meanwhile included. */
  whenIdle(): Promise<void> {
    return this.inFlight.whenIdle();
  }
}
