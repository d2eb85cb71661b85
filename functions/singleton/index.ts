import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { defineActivity, defineOrchestration, replaySafeLogger } from '../../src/extension';
import { startSingleton } from './startSingleton';
import { withDurableClient } from '../http/withDurableClient';
import { SINGLETON_ORCHESTRATION, type SingletonResult, readSingletonInput } from './singletonJob';

const FinishSingletonJobActivity = defineActivity<{ instanceId: string }, { finishedAt: string }>('FinishSingletonJobActivity', () => ({
  finishedAt: new Date().toISOString(),
}));

// A job that must never run twice at once; it holds for `holdFor` (a durable timer stands for the work).
defineOrchestration<unknown, SingletonResult>(SINGLETON_ORCHESTRATION, function* (context, input) {
  const { holdForMs } = readSingletonInput(input);
  const instanceId = context.df.instanceId;
  context.df.setCustomStatus({ stage: 'Working', until: new Date(context.df.currentUtcDateTime.getTime() + holdForMs).toISOString() });
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + holdForMs));
  const { finishedAt } = yield* FinishSingletonJobActivity.call(context, { instanceId });
  replaySafeLogger(context).info(`${SINGLETON_ORCHESTRATION} ${instanceId} finished after ${holdForMs} ms.`);
  context.df.setCustomStatus({ stage: 'Completed' });
  return { instanceId, heldForMs: holdForMs, finishedAt };
});

app.http('StartSingleton', {
  route: 'singleton',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(startSingleton),
});
