import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { defineEntityFunction } from '../../src/extension';
import { COUNTER_ENTITY, counterEntity } from './counterEntity';
import { addToCounter } from './addToCounter';
import { deleteCounter } from './deleteCounter';
import { getCounter } from './getCounter';
import { resetCounter } from './resetCounter';
import { withDurableClient } from '../http/withDurableClient';

// A function-style entity; the extension adds the `delete` operation. ShoppingCart (cart/) shows the class style.
defineEntityFunction(COUNTER_ENTITY, counterEntity);

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

app.http('DeleteCounter', {
  route: 'counters/{key}',
  methods: ['DELETE'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(deleteCounter),
});
