/*
 * Compile-time checks of the typed references, run by `npx tsc -p test/tsconfig.json`.
 * Each `@ts-expect-error` line must fail to compile; if it ever compiles, tsc reports the unused directive.
 * Everything sits inside functions that are never called, so importing this file registers nothing.
 */
import type { DurableClient } from 'durable-functions';
import * as df from 'durable-functions';
import { defineActivity, defineOrchestration, retryPolicy } from '../../src/extension';

interface Greeting {
  name: string;
}

export function defineTypedFunctions() {
  const Greet = defineActivity('Greet', (input: Greeting) => `Hello, ${input.name}`);
  const Count = defineActivity('Count', async (input: string[]) => input.length);
  const Parent = defineOrchestration('Parent', function* (context, input: Greeting) {
    const greeting = yield* Greet.call(context, input);
    return greeting.length;
  });
  return { Greet, Count, Parent };
}

export function correctUsagesCompile(references: ReturnType<typeof defineTypedFunctions>, client: DurableClient) {
  const { Greet, Count, Parent } = references;
  const retry = retryPolicy({ attempts: 3, firstInterval: '5s' });

  df.app.orchestration('UsesReferences', function* (context) {
    const greeting: string = yield* Greet.call(context, { name: 'Ada' });
    const count: number = yield* Count.callWithRetry(context, retry, ['a', 'b']);
    const childResult: number = yield* Parent.callSubOrchestration(context, { name: 'Grace' });
    const retriedChild: number = yield* Parent.callSubOrchestrationWithRetry(context, retry, { name: 'Linus' }, 'child-id');
    yield context.df.Task.all([Greet.task(context, { name: 'a' }), Count.task(context, [])]);
    return { greeting, count, childResult, retriedChild };
  });

  const started: Promise<string> = Parent.start(client, { name: 'Ada' }, { instanceId: 'id-1' });
  return started;
}

export function wrongActivityInputsDoNotCompile(references: ReturnType<typeof defineTypedFunctions>) {
  const { Greet, Count } = references;
  const retry = retryPolicy({ attempts: 3, firstInterval: '5s' });

  df.app.orchestration('WrongActivityInputs', function* (context) {
    // @ts-expect-error Greet takes a Greeting, not a string.
    yield* Greet.call(context, 'Ada');
    // @ts-expect-error a Greeting needs `name`.
    yield* Greet.call(context, { nom: 'Ada' });
    // @ts-expect-error Count takes string[], not number[].
    yield* Count.callWithRetry(context, retry, [1, 2]);
    // @ts-expect-error the raw task is checked too.
    Count.task(context, 'not an array');
  });
}

export function wrongOutputTypesDoNotCompile(references: ReturnType<typeof defineTypedFunctions>) {
  const { Greet, Count, Parent } = references;

  df.app.orchestration('WrongOutputs', function* (context) {
    // @ts-expect-error Greet returns a string.
    const greetingAsNumber: number = yield* Greet.call(context, { name: 'Ada' });
    // @ts-expect-error Count resolves to a number, not a string.
    const countAsString: string = yield* Count.call(context, []);
    // @ts-expect-error Parent returns a number.
    const childAsString: string = yield* Parent.callSubOrchestration(context, { name: 'Ada' });
    return { greetingAsNumber, countAsString, childAsString };
  });

  // @ts-expect-error an orchestration must return what its reference declares.
  defineOrchestration<Greeting, number>('ReturnsWrongType', function* () {
    return 'not a number';
  });
}

export function wrongOrchestrationInputsDoNotCompile(references: ReturnType<typeof defineTypedFunctions>, client: DurableClient) {
  const { Parent } = references;

  // @ts-expect-error Parent takes a Greeting.
  Parent.start(client, { nom: 'Ada' });
  // @ts-expect-error Parent takes a Greeting, not a number.
  Parent.start(client, 42);

  df.app.orchestration('WrongChildInput', function* (context) {
    // @ts-expect-error a sub-orchestration's input is checked as well.
    yield* Parent.callSubOrchestration(context, 'Ada');
  });
}
