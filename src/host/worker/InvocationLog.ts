import type { AppFunction } from './AppFunctions';
import { performance } from 'node:perf_hooks';
import type { HostLogger } from '../logging/HostLogger';

import { invocationReason } from './invocationReason';
import type { InvocationFailure, InvocationRequest } from './Invoker';

/** The host's `Executing` / `Executed` lines around an invocation, under `Function.<name>`, as `func start` prints them. */
export class InvocationLog {
  constructor(private readonly logger: HostLogger) {}

  /** Logs `Executing`; returns what logs `Executed` with the outcome. */
  begin(fn: AppFunction, request: InvocationRequest, invocationId: string): (failure?: InvocationFailure) => void {
    const name = fn.metadata.name;
    const category = `Function.${name}`;
    // Checked before any formatting: at thousands of invocations a second the lines cost when they are off.
    if (this.logger.enabled('information', category)) {
      this.logger.log('information', category, `Executing 'Functions.${name}' (Reason='${request.reason ?? invocationReason(fn)}', Id=${invocationId})`);
    }
    const started = performance.now();
    return (failure) => {
      const duration = Math.round(performance.now() - started);
      if (!failure) {
        if (this.logger.enabled('information', category)) {
          this.logger.log('information', category, `Executed 'Functions.${name}' (Succeeded, Id=${invocationId}, Duration=${duration}ms)`);
        }
        return;
      }
      if (this.logger.enabled('error', category)) {
        this.logger.log(
          'error',
          category,
          `Executed 'Functions.${name}' (Failed, Id=${invocationId}, Duration=${duration}ms)\nException while executing function: Functions.${name}. ${failure.stack}`,
        );
      }
    };
  }
}
