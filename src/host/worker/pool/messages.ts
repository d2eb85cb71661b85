import type { LogLevels } from '../../logging/HostLogger';
import type { FunctionMetadata } from '../functionsCore';
import type { FunctionFailure, InvocationRequest, InvocationResponse } from '../Invoker';

// The messages between the host and a worker, after the Functions host's protocol with the Node
// language worker: load the app, its function metadata back, invocation requests and responses.

export interface WorkerInit {
  entryFiles: string[];
  logLevels: LogLevels;
  /** The host's environment: app settings and the host's own address. */
  env: Record<string, string>;
}

export type HostToWorker =
  | { type: 'invoke'; id: number; functionName: string; invocationId: string; request: InvocationRequest }
  | { type: 'ping'; id: number }
  | { type: 'env'; values: Record<string, string> }
  | { type: 'terminate' };

export type WorkerToHost =
  | { type: 'loaded'; functions: FunctionMetadata[] }
  | { type: 'loadFailed'; message: string }
  | { type: 'response'; id: number; response: InvocationResponse }
  | { type: 'failure'; id: number; failure: FunctionFailure }
  | { type: 'log'; line: string }
  | { type: 'pong'; id: number }
  | { type: 'terminated' };
