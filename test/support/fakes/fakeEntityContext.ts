import * as df from 'durable-functions';
import type { EntityContext } from 'durable-functions';

/** What one operation gave back: its result, or the error JSON durable-functions would record for the caller. */
export type FakeOperationOutcome = { result: unknown } | { errorJson: string | undefined };

export interface FakeEntity {
  /** Whether the entity exists, as the runtime would store it. */
  readonly exists: boolean;
  /** The stored state, parsed; undefined when there is none. */
  readonly state: unknown;
  /** Runs one operation through the handler, as the durable-functions entity runner does. */
  run(handler: (context: EntityContext<any>) => unknown, operation: string, input?: unknown): Promise<FakeOperationOutcome>;
}

/**
 * One entity held in memory with the SDK's semantics: state and input travel as JSON, `return`
 * and `setState` make the entity exist, `destructOnExit` deletes it, and a throwing operation
 * leaves the stored state as it was (as the host does) and is recorded as `JSON.stringify(error)`.
 */
export function fakeEntity(name: string, key: string, initialState?: unknown): FakeEntity {
  let stored: { exists: boolean; state: string | undefined } =
    initialState === undefined ? { exists: false, state: undefined } : { exists: true, state: JSON.stringify(initialState) };
  return {
    get exists() {
      return stored.exists;
    },
    get state() {
      return stored.state === undefined ? undefined : JSON.parse(stored.state);
    },
    async run(handler, operation, input) {
      const before = { ...stored };
      let result: unknown;
      const entityDf = {
        entityName: name,
        entityKey: key,
        entityId: new df.EntityId(name, key),
        operationName: operation,
        isNewlyConstructed: !stored.exists,
        getState: (initializer?: () => unknown) => (stored.state ? JSON.parse(stored.state) : initializer?.()),
        setState: (state: unknown) => {
          stored = { exists: true, state: JSON.stringify(state) };
        },
        getInput: () => (input === undefined ? undefined : JSON.parse(JSON.stringify(input))),
        return: (value: unknown) => {
          stored = { ...stored, exists: true };
          result = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
        },
        destructOnExit: () => {
          stored = { exists: false, state: undefined };
        },
        signalEntity: jest.fn(),
      };
      const log = { trace: jest.fn(), debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn(), log: jest.fn() };
      try {
        await handler({ ...log, df: entityDf } as unknown as EntityContext<unknown>);
        return { result };
      } catch (error) {
        stored = before;
        return { errorJson: JSON.stringify(error) };
      }
    },
  };
}

/** The message a caller of the operation would see, read from the recorded error JSON. */
export function recordedErrorMessage(outcome: FakeOperationOutcome): string | undefined {
  if (!('errorJson' in outcome) || outcome.errorJson === undefined) {
    return undefined;
  }
  return (JSON.parse(outcome.errorJson) as { message?: string }).message;
}
