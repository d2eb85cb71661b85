/*
 * Compile-time checks of class-based entity references, run by `npx tsc -p test/tsconfig.json`.
 * Each `@ts-expect-error` line must fail to compile; if it ever compiles, tsc reports the unused directive.
 * Everything sits inside functions that are never called, so importing this file registers nothing.
 */
import type { DurableClient } from 'durable-functions';
import * as df from 'durable-functions';
import { defineEntityClass, DurableEntity } from '../../src/extension';

interface Item {
  productId: string;
  quantity: number;
}

interface Basket {
  items: Item[];
}

class BasketEntity extends DurableEntity<Basket> {
  initialState(): Basket {
    return { items: [] };
  }
  addItem(item: Item): number {
    this.state.items.push(item);
    return this.state.items.length;
  }
  removeItem(productId: string): void {
    this.state.items = this.state.items.filter((item) => item.productId !== productId);
  }
  async count(): Promise<number> {
    return this.state.items.length;
  }
  find(productId?: string): Item | undefined {
    return this.state.items.find((item) => item.productId === productId);
  }
  merge(first: Item, second: Item): void {
    this.state.items.push(first, second);
  }
  _internal(): void {}
  protected audit(): void {}
  #secret(): void {}
}

export function defineBasket() {
  return defineEntityClass('Basket', BasketEntity);
}

export function correctUsagesCompile(Basket: ReturnType<typeof defineBasket>, client: DurableClient) {
  const item: Item = { productId: 'p', quantity: 1 };
  const signals: Promise<void>[] = [
    Basket.client(client, 'k').signal('addItem', item),
    Basket.client(client, 'k').signal('removeItem', 'p'),
    Basket.client(client, 'k').signal('count'),
    Basket.client(client, 'k').signal('find'),
    Basket.client(client, 'k').signal('find', 'p'),
    Basket.client(client, 'k').signal('delete'),
  ];
  const id: df.EntityId = Basket.entityId('k');
  const state: Promise<Basket | undefined> = Basket.readState(client, 'k').then((response) => response.entityState);
  const exists: Promise<boolean> = Basket.client(client, 'k')
    .readState()
    .then((response) => response.entityExists);

  df.app.orchestration('UsesBasket', function* (context) {
    const size: number = yield* Basket.call(context, 'k', 'addItem', item);
    const count: number = yield* Basket.call(context, 'k', 'count');
    const found: Item | undefined = yield* Basket.call(context, 'k', 'find', 'p');
    yield* Basket.call(context, 'k', 'delete');
    Basket.signal(context, 'k', 'removeItem', 'p');
    yield context.df.Task.all([Basket.task(context, 'k', 'count'), Basket.task(context, 'other', 'addItem', item)]);
    return { size, count, found };
  });
  return { signals, id, state, exists };
}

export function wrongOperationNamesDoNotCompile(Basket: ReturnType<typeof defineBasket>, client: DurableClient) {
  // @ts-expect-error there is no operation 'addItems'.
  Basket.client(client, 'k').signal('addItems');
  // @ts-expect-error initialState belongs to the base class, not an operation.
  Basket.client(client, 'k').signal('initialState');
  // @ts-expect-error state is not an operation.
  Basket.client(client, 'k').signal('state');
  // @ts-expect-error `_`-prefixed methods are not operations.
  Basket.client(client, 'k').signal('_internal');
  // @ts-expect-error protected methods are not operations.
  Basket.client(client, 'k').signal('audit');
  // @ts-expect-error Object.prototype members are not operations.
  Basket.client(client, 'k').signal('toString');

  df.app.orchestration('WrongOperationName', function* (context) {
    // @ts-expect-error a call checks the operation name too.
    yield* Basket.call(context, 'k', 'getItems');
    // @ts-expect-error so does a signal from an orchestration.
    Basket.signal(context, 'k', 'constructor');
  });
}

export function wrongInputsDoNotCompile(Basket: ReturnType<typeof defineBasket>, client: DurableClient) {
  // @ts-expect-error addItem takes an Item, not a string.
  Basket.client(client, 'k').signal('addItem', 'p');
  // @ts-expect-error an Item needs quantity.
  Basket.client(client, 'k').signal('addItem', { productId: 'p' });
  // @ts-expect-error addItem needs its input.
  Basket.client(client, 'k').signal('addItem');
  // @ts-expect-error removeItem takes a string.
  Basket.client(client, 'k').signal('removeItem', 42);
  // @ts-expect-error count takes no input.
  Basket.client(client, 'k').signal('count', 1);
  // @ts-expect-error delete takes no input.
  Basket.client(client, 'k').signal('delete', true);
  // @ts-expect-error an operation takes at most one input, so a two-parameter method cannot be called.
  Basket.client(client, 'k').signal('merge', { productId: 'a', quantity: 1 }, { productId: 'b', quantity: 1 });

  df.app.orchestration('WrongEntityInputs', function* (context) {
    // @ts-expect-error a call checks the input.
    yield* Basket.call(context, 'k', 'addItem', { quantity: 1 });
    // @ts-expect-error so does a signal from an orchestration.
    Basket.signal(context, 'k', 'removeItem', ['p']);
    // @ts-expect-error and the raw task.
    Basket.task(context, 'k', 'count', 'extra');
  });
}

export function wrongResultsDoNotCompile(Basket: ReturnType<typeof defineBasket>, client: DurableClient) {
  // @ts-expect-error the state is a Basket, not a number.
  const wrongState: Promise<number | undefined> = Basket.readState(client, 'k').then((response) => response.entityState);

  df.app.orchestration('WrongEntityResults', function* (context) {
    // @ts-expect-error addItem returns a number.
    const sizeAsString: string = yield* Basket.call(context, 'k', 'addItem', { productId: 'p', quantity: 1 });
    // @ts-expect-error count resolves to a number (the promise is awaited), not a Promise.
    const countAsPromise: Promise<number> = yield* Basket.call(context, 'k', 'count');
    // @ts-expect-error find may find nothing.
    const found: Item = yield* Basket.call(context, 'k', 'find', 'p');
    return { sizeAsString, countAsPromise, found };
  });
  return wrongState;
}

export function onlyEntityClassesRegister() {
  class NotAnEntity {
    addItem(item: Item) {
      return item;
    }
  }
  // @ts-expect-error a class-based entity extends DurableEntity.
  defineEntityClass('NotAnEntity', NotAnEntity);

  class NeedsArguments extends DurableEntity<number> {
    constructor(readonly start: number) {
      super();
    }
    initialState() {
      return this.start;
    }
  }
  // @ts-expect-error the runtime creates entity objects without constructor arguments.
  defineEntityClass('NeedsArguments', NeedsArguments);

  class WrongInitialState extends DurableEntity<Basket> {
    // @ts-expect-error initialState must return the state type.
    initialState() {
      return { items: 'none' };
    }
  }
  return WrongInitialState;
}
