import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { COUNTER_ENTITY, counterEntity } from './counterEntity';
import { addToCounter } from './addToCounter';
import { getCounter } from './getCounter';
import { resetCounter } from './resetCounter';
import { withDurableClient } from '../http/withDurableClient';

// A function-style entity, registered with the SDK directly; ShoppingCart (cart.ts) shows the class style.
df.app.entity(COUNTER_ENTITY, counterEntity);

app.http('AddToCounter', {
  route: 'counters/{key}/add',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(addToCounter),
});

app.http('GetCounter', {
  route: 'counters/{key}',
  methods: ['GET'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(getCounter),
});

app.http('ResetCounter', {
  route: 'counters/{key}/reset',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(resetCounter),
});
