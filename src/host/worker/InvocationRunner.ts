import type { AppFunction } from './AppFunctions';
import { DurableCallRecorder } from './callSites/durableCallSites';
import type { LogLevel, WorkerState } from './functionsCore';
import { InvocationFailure, type InvocationRequest, type InvocationResponse, describeThrown } from './Invoker';
import { newTrace } from '../tracing/traceContext';

/** Where an invocation's own log lines go: the app's `context.log` and the library's system lines. */
export type InvocationLogSink = (level: LogLevel, category: string, message: string) => void;

/**
 * Runs a registered function the way the Node worker does, through the app's programming model:
 * invocation model, arguments, pre-invocation hooks, the call, post-invocation hooks, response.
 * This is the app side of an invocation; it runs wherever the app is loaded (a worker, or in-process).
 */
export async function runInvocation(
  worker: WorkerState,
  fn: AppFunction,
  request: InvocationRequest,
  invocationId: string,
  log: InvocationLogSink,
): Promise<InvocationResponse> {
  const model = worker.programmingModel;
  if (!model) throw new InvocationFailure(describeThrown(new Error('The app did not set a programming model; is @azure/functions installed?')));
  const name = fn.metadata.name;
  if (!fn.callback) throw new InvocationFailure(describeThrown(new Error(`The function '${name}' is not loaded in this thread.`)));
  const userCategory = `Function.${name}.User`;
  const coreContext = {
    invocationId,
    // Every invocation has a W3C trace context, as the Functions host sends it; @azure/functions reads it into context.traceContext.
    request: { invocationId, functionId: name, inputData: request.inputData, triggerMetadata: request.triggerMetadata ?? {}, traceContext: request.traceContext ?? newTrace() },
    metadata: fn.metadata,
    state: undefined as string | undefined,
    log: (level: LogLevel, logCategory: string, message: string) => {
      if (logCategory === 'system') log(level, `Host.Function.${name}`, message);
      else log(level, userCategory, `[${name}] ${message}`);
    },
  };
  const invocationModel = model.getInvocationModel(coreContext);
  const { context, inputs } = await invocationModel.getArguments();
  // Asked for only to name the line of a non-deterministic call: the normal path takes no stacks.
  const recorder = request.captureCallSites ? new DurableCallRecorder(fn.scriptFile) : undefined;
  recorder?.attach(context);
  const hookData: Record<string, unknown> = {};
  const appHookData: Record<string, unknown> = {};

  const pre = { invocationContext: context, inputs, functionCallback: fn.callback, hookData, appHookData };
  coreContext.state = 'preInvocationHooks';
  for (const hook of worker.hooks.preInvocation) await hook(pre);
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
  for (const hook of worker.hooks.postInvocation) await hook(post);
  coreContext.state = undefined;
  if (threw || post.error !== undefined) throw new InvocationFailure({ ...describeThrown(post.error), ...(recorder && { callSites: recorder.calls }) });

  const response = await invocationModel.getResponse(context, post.result);
  return { ...response, invocationId, ...(recorder && { callSites: recorder.calls }) };
}
