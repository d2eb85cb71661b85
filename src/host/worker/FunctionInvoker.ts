import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { HostLogger } from '../logging/HostLogger';
import { newTrace } from '../tracing/traceContext';
import type { LogLevel, RegisteredFunction, WorkerState } from './functionsCore';
import { invocationReason } from './invocationReason';
import { InvocationFailure, type InvocationRequest, type InvocationResponse, type Invoker, describeThrown } from './Invoker';

export type { InvocationRequest, InvocationResponse } from './Invoker';

/** Calls a registered function in this process, the way the Node worker does, through the app's programming model. */
export class FunctionInvoker implements Invoker {
  constructor(
    private readonly worker: WorkerState,
    private readonly logger: HostLogger,
  ) {}

  /** Runs the function and logs `Executing`/`Executed` lines under `Function.<name>`, as `func start` does. */
  async invoke(fn: RegisteredFunction, request: InvocationRequest): Promise<InvocationResponse> {
    const invocationId = randomUUID();
    const name = fn.metadata.name;
    const category = `Function.${name}`;
    // Checked before any formatting: at thousands of invocations a second the lines cost when they are off.
    if (this.logger.enabled('information', category)) {
      this.logger.log('information', category, `Executing 'Functions.${name}' (Reason='${request.reason ?? invocationReason(fn)}', Id=${invocationId})`);
    }
    const started = performance.now();
    try {
      const response = await this.run(fn, request, invocationId);
      if (this.logger.enabled('information', category)) {
        this.logger.log('information', category, `Executed 'Functions.${name}' (Succeeded, Id=${invocationId}, Duration=${elapsed(started)}ms)`);
      }
      return response;
    } catch (thrown) {
      const error = thrown instanceof InvocationFailure ? thrown : new InvocationFailure(describeThrown(thrown));
      if (this.logger.enabled('error', category)) {
        const detail = error.stack;
        this.logger.log(
          'error',
          category,
          `Executed 'Functions.${name}' (Failed, Id=${invocationId}, Duration=${elapsed(started)}ms)\nException while executing function: Functions.${name}. ${detail}`,
        );
      }
      throw error;
    }
  }

  private async run(fn: RegisteredFunction, request: InvocationRequest, invocationId: string): Promise<InvocationResponse> {
    const model = this.worker.programmingModel;
    if (!model) throw new Error('The app did not set a programming model; is @azure/functions installed?');
    const name = fn.metadata.name;
    const userCategory = `Function.${name}.User`;
    const coreContext = {
      invocationId,
      request: { invocationId, functionId: name, inputData: request.inputData, triggerMetadata: request.triggerMetadata ?? {}, traceContext: request.traceContext ?? newTrace() },
      metadata: fn.metadata,
      state: undefined as string | undefined,
      log: (level: LogLevel, logCategory: string, message: string) => {
        const cat = logCategory === 'system' ? `Host.Function.${name}` : userCategory;
        this.logger.log(level, cat, `${logCategory === 'system' ? '' : `[${name}] `}${message}`);
      },
    };
    const invocationModel = model.getInvocationModel(coreContext);
    const { context, inputs } = await invocationModel.getArguments();
    const hookData: Record<string, unknown> = {};
    const appHookData: Record<string, unknown> = {};

    const pre = { invocationContext: context, inputs, functionCallback: fn.callback, hookData, appHookData };
    coreContext.state = 'preInvocationHooks';
    for (const hook of this.worker.hooks.preInvocation) await hook(pre);
    coreContext.state = 'invocation';

    let result: unknown;
    let error: unknown;
    // A function may throw or reject with undefined: whether it threw is what counts, not what.
    let threw = false;
    try {
      result = await invocationModel.invokeFunction(context, pre.inputs, pre.functionCallback);
    } catch (err) {
      threw = true;
      error = err;
    }

    const post = { invocationContext: context, inputs: pre.inputs, result, error, hookData, appHookData };
    coreContext.state = 'postInvocationHooks';
    for (const hook of this.worker.hooks.postInvocation) await hook(post);
    coreContext.state = undefined;
    if (threw || post.error !== undefined) throw new InvocationFailure(describeThrown(post.error));

    const response = await invocationModel.getResponse(context, post.result);
    return { ...response, invocationId };
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
