jest.mock('durable-functions', () => jest.requireActual('../support/fakes/durableFunctionsMock').durableFunctionsMock());

import * as df from 'durable-functions';
import { defineEntityClass, DurableEntity, EntityOperationError } from '../../src/extension';
import { fakeEntity, recordedErrorMessage } from '../support/fakes/fakeEntityContext';
import { fakeOrchestrationContext } from '../support/fakes/fakeOrchestrationContext';

interface Tally {
  total: number;
  notes: string[];
}

abstract class Auditable<S> extends DurableEntity<S> {
  /** Declared by an intermediate class of the app, so it is an operation too. */
  ping(): string {
    return 'pong';
  }
}

class TallyEntity extends Auditable<Tally> {
  /** An arrow-function field: the object holds it itself, and it is an operation like a method. */
  reset = (): void => {
    this.state = this.initialState();
  };

  initialState(): Tally {
    return { total: 0, notes: [] };
  }

  add(amount: number): number {
    this.#check(amount);
    this.state.total += amount;
    return this.state.total;
  }

  note(text: string): void {
    this.state = { ...this.state, notes: [...this.state.notes, text] };
  }

  read(): Tally {
    return this.state;
  }

  async readLater(): Promise<number> {
    return this.state.total;
  }

  fail(): void {
    this.state.total = -1;
    throw new Error('The tally refuses.');
  }

  _helper(): string {
    return 'not an operation';
  }

  #check(amount: number): void {
    if (typeof amount !== 'number') {
      throw new TypeError(`add needs a number, got ${JSON.stringify(amount)}.`);
    }
  }
}

const Tally = defineEntityClass('Tally', TallyEntity);

describe('defineEntityClass', () => {
  test('registers the class as an entity function with df.app.entity under the given name', () => {
    expect(df.app.entity).toHaveBeenCalledWith('Tally', Tally.handler);
    expect(Tally.name).toBe('Tally');
  });

  test('refuses a class that does not extend DurableEntity', () => {
    class NotAnEntity {
      state = 0;
      initialState() {
        return 0;
      }
    }
    expect(() => defineEntityClass('Wrong', NotAnEntity as unknown as new () => DurableEntity<number>)).toThrow(
      /must extend DurableEntity/,
    );
  });

  test("refuses a class that declares its own 'delete', which callers could never reach", () => {
    class Deleting extends DurableEntity<number> {
      initialState() {
        return 0;
      }
      delete() {
        return 'mine';
      }
    }
    expect(() => defineEntityClass('Deleting', Deleting)).toThrow(/'delete' is reserved/);
  });
});

describe('a class-based entity operation', () => {
  test('starts from initialState and persists the state between operations', async () => {
    const entity = fakeEntity('Tally', 'a');
    expect(await entity.run(Tally.handler, 'add', 2)).toEqual({ result: 2 });
    expect(await entity.run(Tally.handler, 'add', 3)).toEqual({ result: 5 });
    expect(entity.exists).toBe(true);
    expect(entity.state).toEqual({ total: 5, notes: [] });
  });

  test('persists a state the method replaced rather than mutated', async () => {
    const entity = fakeEntity('Tally', 'b', { total: 1, notes: ['x'] });
    await entity.run(Tally.handler, 'note', 'y');
    expect(entity.state).toEqual({ total: 1, notes: ['x', 'y'] });
  });

  test('a method without a parameter returns its result to the caller', async () => {
    const entity = fakeEntity('Tally', 'c', { total: 7, notes: [] });
    expect(await entity.run(Tally.handler, 'read')).toEqual({ result: { total: 7, notes: [] } });
  });

  test("an async method's result is awaited", async () => {
    const entity = fakeEntity('Tally', 'd', { total: 9, notes: [] });
    expect(await entity.run(Tally.handler, 'readLater')).toEqual({ result: 9 });
  });

  test('a method inherited from an intermediate class of the app is an operation', async () => {
    expect(await fakeEntity('Tally', 'e').run(Tally.handler, 'ping')).toEqual({ result: 'pong' });
  });

  test('an arrow-function field is an operation', async () => {
    const entity = fakeEntity('Tally', 'e2', { total: 8, notes: ['x'] });
    await entity.run(Tally.handler, 'reset');
    expect(entity.state).toEqual({ total: 0, notes: [] });
  });

  test('an unknown operation fails with a message naming the operations there are, and creates nothing', async () => {
    const entity = fakeEntity('Tally', 'f');
    const outcome = await entity.run(Tally.handler, 'subtract', 1);
    expect(recordedErrorMessage(outcome)).toBe(
      "Entity 'Tally' has no operation 'subtract'. Its operations are: reset, add, note, read, readLater, fail, ping, delete.",
    );
    expect(entity.exists).toBe(false);
  });

  test.each(['constructor', 'initialState', 'state', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', '_helper', '#check', ''])(
    "'%s' is not an operation",
    async (operation) => {
      const outcome = await fakeEntity('Tally', 'g').run(Tally.handler, operation);
      expect(recordedErrorMessage(outcome)).toMatch(/has no operation/);
    },
  );

  test("a method's own Error reaches the caller with its message, and the state is left as it was", async () => {
    const entity = fakeEntity('Tally', 'h', { total: 4, notes: [] });
    const outcome = await entity.run(Tally.handler, 'fail');
    expect(recordedErrorMessage(outcome)).toBe('The tally refuses.');
    expect(entity.state).toEqual({ total: 4, notes: [] });
  });

  test("a private helper's check rejects a wrong input with a readable message", async () => {
    const outcome = await fakeEntity('Tally', 'i').run(Tally.handler, 'add', 'three');
    expect(recordedErrorMessage(outcome)).toBe('add needs a number, got "three".');
  });

  test("'delete' deletes the entity and its state", async () => {
    const entity = fakeEntity('Tally', 'j', { total: 3, notes: [] });
    expect(await entity.run(Tally.handler, 'delete')).toEqual({ result: undefined });
    expect(entity.exists).toBe(false);
    expect(entity.state).toBeUndefined();
    expect(await entity.run(Tally.handler, 'add', 1)).toEqual({ result: 1 });
  });
});

describe('EntityOperationError', () => {
  test('keeps its message when serialized the way durable-functions records a failed operation', () => {
    const error = new EntityOperationError('Out of stock.');
    expect(JSON.stringify(error)).toBe('{"message":"Out of stock."}');
    expect(JSON.stringify(new Error('Out of stock.'))).toBe('{}');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('EntityOperationError');
    expect(error.message).toBe('Out of stock.');
  });

  test("in the durable-functions entity runner, a failed operation's message survives and later operations of the batch see the state as it was", async () => {
    // The SDK's own batch runner, as the entity trigger invokes it.
    const { createEntityFunction } = jest.requireActual('durable-functions/lib/src/util/testingUtils');
    const entityFunction = createEntityFunction(Tally.handler);
    const trigger = {
      self: { name: 'tally', key: 'sdk' },
      exists: true,
      state: JSON.stringify({ total: 1, notes: [] }),
      batch: [
        { name: 'add', input: '2', isSignal: false },
        { name: 'nope', input: undefined, isSignal: false },
        { name: 'fail', input: undefined, isSignal: false },
        { name: 'read', input: undefined, isSignal: false },
      ],
    };
    const outcome = await entityFunction(trigger, { log: jest.fn() });
    expect(outcome.results.map((r: { isError: boolean; result?: string }) => [r.isError, r.result])).toEqual([
      [false, '3'],
      [true, JSON.stringify({ message: "Entity 'Tally' has no operation 'nope'. Its operations are: reset, add, note, read, readLater, fail, ping, delete." })],
      [true, JSON.stringify({ message: 'The tally refuses.' })],
      [false, JSON.stringify({ total: 3, notes: [] })],
    ]);
    expect(JSON.parse(outcome.entityState)).toEqual({ total: 3, notes: [] });
  });
});

describe('the typed references of a class-based entity', () => {
  test('client(...).signal signals the operation with its input to the entity with that key', async () => {
    const client = { signalEntity: jest.fn(async () => undefined), readEntityState: jest.fn() } as unknown as df.DurableClient;
    await Tally.client(client, 'k1').signal('add', 5);
    await Tally.client(client, 'k1').signal('read');
    expect(client.signalEntity).toHaveBeenNthCalledWith(1, new df.EntityId('Tally', 'k1'), 'add', 5);
    expect(client.signalEntity).toHaveBeenNthCalledWith(2, new df.EntityId('Tally', 'k1'), 'read', undefined);
  });

  test('readState reads the entity state through the client', async () => {
    const response = { entityExists: true, entityState: { total: 2, notes: [] } };
    const client = { readEntityState: jest.fn(async () => response) } as unknown as df.DurableClient;
    expect(await Tally.readState(client, 'k2')).toBe(response);
    expect(await Tally.client(client, 'k2').readState()).toBe(response);
    expect(client.readEntityState).toHaveBeenCalledWith(new df.EntityId('Tally', 'k2'));
  });

  test('entityId addresses the entity by name and key', () => {
    expect(Tally.entityId('k3')).toEqual(new df.EntityId('Tally', 'k3'));
    expect(Tally.client({} as df.DurableClient, 'k3').entityId).toEqual(new df.EntityId('Tally', 'k3'));
  });

  test('call yields callEntity and returns the operation result the runtime sends back', () => {
    const { context, scheduled } = fakeOrchestrationContext(undefined);
    const call = Tally.call(context, 'k4', 'add', 2);
    expect(call.next().value).toBe(scheduled[0]);
    expect(scheduled[0]).toEqual({ kind: 'entityCall', entity: 'Tally', key: 'k4', operation: 'add', input: 2 });
    expect(call.next(12)).toEqual({ done: true, value: 12 });
  });

  test('signal from an orchestration signals without yielding; task gives the raw call task', () => {
    const { context, scheduled } = fakeOrchestrationContext(undefined);
    Tally.signal(context, 'k5', 'note', 'hello');
    const task = Tally.task(context, 'k5', 'read');
    expect(scheduled).toEqual([
      { kind: 'entitySignal', entity: 'Tally', key: 'k5', operation: 'note', input: 'hello' },
      { kind: 'entityCall', entity: 'Tally', key: 'k5', operation: 'read', input: undefined },
    ]);
    expect(task).toBe(scheduled[1]);
  });
});
