import { randomUUID } from 'node:crypto';
import type { HostLogger } from '../logging/HostLogger';
import type { LogLevel, RegisteredFunction, WorkerState } from './functionsCore';
import type { TypedData } from './typedData';

export interface InvocationRequest {
  inputData: { name: string; data?: TypedData }[];
  triggerMetadata?: Record<string, TypedData>;
}

export interface InvocationResponse {
  invocationId: string;
  returnValue?: TypedData | null;
  outputData?: { name: string; data: TypedData }[];
}

/** Calls a registered function the way the Node worker does, through the app's programming model. */
export class FunctionInvoker {
  constructor(
    private readonly worker: WorkerState,
    private readonly logger: HostLogger,
  ) {}

  async invoke(fn: RegisteredFunction, request: InvocationRequest): Promise<InvocationResponse> {
    const model = this.worker.programmingModel;
    if (!model) throw new Error('The app did not set a programming model; is @azure/functions installed?');
    const invocationId = randomUUID();
    const name = fn.metadata.name;
    const category = `Function.${name}.User`;
    const coreContext = {
      invocationId,
      request: { invocationId, functionId: name, inputData: request.inputData, triggerMetadata: request.triggerMetadata ?? {} },
      metadata: fn.metadata,
      state: undefined as string | undefined,
      log: (level: LogLevel, logCategory: string, message: string) => {
        const cat = logCategory === 'system' ? `Host.Function.${name}` : category;
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
    try {
      result = await invocationModel.invokeFunction(context, pre.inputs, pre.functionCallback);
    } catch (err) {
      error = err;
    }

    const post = { invocationContext: context, inputs: pre.inputs, result, error, hookData, appHookData };
    coreContext.state = 'postInvocationHooks';
    for (const hook of this.worker.hooks.postInvocation) await hook(post);
    coreContext.state = undefined;
    if (post.error !== undefined) throw post.error;

    const response = await invocationModel.getResponse(context, post.result);
    return { ...response, invocationId };
  }
}
