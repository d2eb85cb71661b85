import type { AppFunction } from './AppFunctions';
import { randomUUID } from 'node:crypto';
import type { HostLogger } from '../logging/HostLogger';
import type { WorkerState } from './functionsCore';
import { InvocationLog } from './InvocationLog';
import { runInvocation } from './InvocationRunner';
import { InvocationFailure, type InvocationRequest, type InvocationResponse, type Invoker, describeThrown } from './Invoker';

export type { InvocationRequest, InvocationResponse } from './Invoker';

/**
 * Calls a registered function in this process, the way the Node worker does. The test environment
 * uses it (virtual clock, replaceable activities); the host runs functions in workers instead.
 */
export class FunctionInvoker implements Invoker {
  private readonly log: InvocationLog;

  constructor(
    private readonly worker: WorkerState,
    private readonly logger: HostLogger,
  ) {
    this.log = new InvocationLog(logger);
  }

  async invoke(fn: AppFunction, request: InvocationRequest): Promise<InvocationResponse> {
    const invocationId = randomUUID();
    const done = this.log.begin(fn, request, invocationId);
    try {
      const response = await runInvocation(this.worker, fn, request, invocationId, (level, category, message) => this.logger.log(level, category, message));
      done();
      return response;
    } catch (thrown) {
      const failure = thrown instanceof InvocationFailure ? thrown : new InvocationFailure(describeThrown(thrown));
      done(failure);
      throw failure;
    }
  }
}
