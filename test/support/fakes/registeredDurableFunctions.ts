import * as df from 'durable-functions';

/**
 * The handlers given to the mocked `df.app.activity` / `df.app.orchestration` / `df.app.entity`, by function name.
 * Test files using this must mock durable-functions with ./durableFunctionsMock first.
 */
export function registeredActivity(name: string): (input: unknown, context: unknown) => unknown {
  const call = jest.mocked(df.app.activity).mock.calls.find(([registeredName]) => registeredName === name);
  if (!call) {
    throw new Error(`No activity "${name}" was registered.`);
  }
  return call[1].handler as (input: unknown, context: unknown) => unknown;
}

export function registeredOrchestrator(name: string): (context: df.OrchestrationContext) => Generator<unknown, unknown, unknown> {
  const call = jest.mocked(df.app.orchestration).mock.calls.find(([registeredName]) => registeredName === name);
  if (!call) {
    throw new Error(`No orchestration "${name}" was registered.`);
  }
  return call[1] as unknown as (context: df.OrchestrationContext) => Generator<unknown, unknown, unknown>;
}

export function registeredEntity(name: string): (context: df.EntityContext<unknown>) => unknown {
  const call = jest.mocked(df.app.entity).mock.calls.find(([registeredName]) => registeredName === name);
  if (!call) {
    throw new Error(`No entity "${name}" was registered.`);
  }
  return call[1] as unknown as (context: df.EntityContext<unknown>) => unknown;
}
