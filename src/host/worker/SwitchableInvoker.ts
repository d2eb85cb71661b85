import type { TriggeredFunction } from './AppFunctions';
import type { InvocationRequest, InvocationResponse, Invoker } from './Invoker';

/** Hands invocations to the app as it is now: a reload with new code swaps what is behind it, and nothing in front notices. */
export class SwitchableInvoker implements Invoker {
  readonly invokeStreaming?: Invoker['invokeStreaming'];

  constructor(private current: Invoker) {
    if (current.invokeStreaming) this.invokeStreaming = (fn, request, attach) => this.current.invokeStreaming!(fn, request, attach);
  }

  switchTo(next: Invoker): void {
    this.current = next;
  }

  invoke(fn: TriggeredFunction, request: InvocationRequest): Promise<InvocationResponse> {
    return this.current.invoke(fn, request);
  }
}
