import type { HostLogger } from '../logging/HostLogger';
import type { AppFunctions, TriggeredFunction } from '../worker/AppFunctions';
import type { BindingInfo } from '../worker/functionsCore';
import { InvocationFailure, type InvocationRequest, type InvocationResponse, type Invoker } from '../worker/Invoker';
import type { TypedData } from '../worker/typedData';
import { bindingData } from './bindingData';
import { type StorageBindings } from './StorageBindings';
import { describeBinding, unsupportedBindings } from './supportedBindings';

const CATEGORY = 'Host.Bindings';
const RETURN = '$return';

function failure(message: string): InvocationFailure {
  return new InvocationFailure({ errorType: 'FunctionInvocationException', message, stack: '' });
}

/**
 * Binds around an invocation, on the host's side of it as the Functions host does, whatever runs
 * the function: storage inputs are read before the call, storage outputs written after it from
 * `outputData` and `returnValue`. A function with a binding the host does not implement is named
 * with a warning at start and its invocations fail, instead of running with the binding dropped.
 */
export class BindingInvoker implements Invoker {
  private readonly refused = new Map<string, string>();
  private readonly storageOf = new Map<string, { storageIn: [string, BindingInfo][]; storageOut: [string, BindingInfo][] }>();

  constructor(
    private readonly inner: Invoker,
    functions: AppFunctions,
    private readonly storage: StorageBindings,
    private readonly logger: HostLogger,
  ) {
    const streaming = inner.invokeStreaming?.bind(inner);
    if (streaming) this.invokeStreaming = (fn, request, attach) => this.bound(fn, request, (req) => streaming(fn, req, attach));
    this.setFunctions(functions);
  }

  /** Which functions have bindings this host does not implement (again, after a reload with new code). */
  setFunctions(functions: AppFunctions): void {
    this.refused.clear();
    this.storageOf.clear();
    const logger = this.logger;
    for (const fn of functions.all()) {
      const unsupported = unsupportedBindings(fn);
      if (!unsupported.length) continue;
      const names = unsupported.map(([name, binding]) => describeBinding(name, binding)).join(', ');
      const message = `The function '${fn.name}' has ${unsupported.length === 1 ? 'a binding' : 'bindings'} this host does not implement: ${names}. Run it in Azure or under func start; here its invocations fail.`;
      this.refused.set(fn.name.toLowerCase(), message);
      logger.warn(CATEGORY, message);
    }
  }

  async invoke(fn: TriggeredFunction, request: InvocationRequest): Promise<InvocationResponse> {
    return this.bound(fn, request, (req) => this.inner.invoke(fn, req));
  }

  /** In HTTP stream mode the same bindings apply; the request and answer themselves go through the library's proxy. */
  readonly invokeStreaming?: (fn: TriggeredFunction, request: InvocationRequest, attach: (proxyUri: string) => void) => Promise<InvocationResponse>;

  private async bound(fn: TriggeredFunction, request: InvocationRequest, call: (request: InvocationRequest) => Promise<InvocationResponse>): Promise<InvocationResponse> {
    const refusal = this.refused.get(fn.name.toLowerCase());
    if (refusal) {
      this.logger.error(`Function.${fn.name}`, `Executed 'Functions.${fn.name}' (Failed): ${refusal}`);
      throw failure(refusal);
    }
    const { storageIn, storageOut } = this.storageBindingsOf(fn);
    if (!storageIn.length && !storageOut.length) return call(request);

    const data = bindingData(fn, request);
    const inputData = [...request.inputData];
    for (const [name, binding] of storageIn) {
      const value = await this.bind(fn, name, binding, () => this.read(binding, data));
      inputData.push({ name, data: value });
    }
    const response = await call({ ...request, inputData });
    for (const [name, binding] of storageOut) {
      const value = name === RETURN ? response.returnValue : response.outputData?.find((o) => o.name === name)?.data;
      if (value === undefined || value === null) continue;
      await this.bind(fn, name, binding, () => this.write(binding, data, value));
    }
    return response;
  }

  /** A function's storage inputs and outputs, worked out once: most functions have none, and pay nothing. */
  private storageBindingsOf(fn: TriggeredFunction): { storageIn: [string, BindingInfo][]; storageOut: [string, BindingInfo][] } {
    let found = this.storageOf.get(fn.name);
    if (!found) {
      const bindings = Object.entries(fn.metadata.bindings ?? {});
      found = {
        storageIn: bindings.filter(([name, b]) => name !== fn.triggerName && b.direction !== 'out' && isStorage(b)),
        storageOut: bindings.filter(([, b]) => b.direction === 'out' && isStorage(b)),
      };
      this.storageOf.set(fn.name, found);
    }
    return found;
  }

  private read(binding: BindingInfo, data: Record<string, unknown>): Promise<TypedData | undefined> {
    return binding.type.toLowerCase() === 'blob' ? this.storage.readBlob(binding, data) : this.storage.readTable(binding, data);
  }

  private write(binding: BindingInfo, data: Record<string, unknown>, value: TypedData): Promise<void> {
    switch (binding.type.toLowerCase()) {
      case 'blob':
        return this.storage.writeBlob(binding, data, value);
      case 'queue':
        return this.storage.sendToQueue(binding, data, value);
      default:
        return this.storage.writeTable(binding, data, value);
    }
  }

  /** Runs one binding's I/O; its error fails the invocation, naming the binding, as the host's "Error while handling parameter". */
  private async bind<T>(fn: TriggeredFunction, name: string, binding: BindingInfo, io: () => Promise<T>): Promise<T> {
    try {
      return await io();
    } catch (error) {
      const message = `Error while handling parameter ${describeBinding(name, binding)} of function '${fn.name}': ${(error as Error)?.message ?? error}`;
      this.logger.error(`Function.${fn.name}`, message);
      throw failure(message);
    }
  }
}

function isStorage(binding: BindingInfo): boolean {
  const type = binding.type.toLowerCase();
  return type === 'blob' || type === 'table' || (type === 'queue' && binding.direction === 'out');
}
