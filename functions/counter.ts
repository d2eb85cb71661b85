import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { COUNTER_ENTITY, counterEntity } from './counter/counterEntity';
import { addToCounter } from './http/handlers/addToCounter';
import { getCounter } from './http/handlers/getCounter';
import { resetCounter } from './http/handlers/resetCounter';
import { withDurableClient } from './http/withDurableClient';

// A function-style entity, registered with the SDK directly; ShoppingCart (cart.ts) shows the class style.
df.app.entity(COUNTER_ENTITY, counterEntity);

app.http('AddToCounter', {
  route: 'counters/{key}/add',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(addToCounter),
});

app.http('GetCounter', {
  route: 'counters/{key}',
  methods: ['GET'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(getCounter),
});

app.http('ResetCounter', {
  route: 'counters/{key}/reset',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(resetCounter),
});
