import { isCounterAmount } from './counterAmount';
import { COUNTER_ENTITY, counterEntityId } from './counterEntity';
import { checkEntityKey } from '../http/entityKey';
import { entitySignalAccepted } from '../http/entitySignalAccepted';
import { HttpError } from '../http/HttpError';
import { readJsonBody } from '../http/readJsonBody';
import type { DurableHttpHandler } from '../http/withDurableClient';

/** POST counters/{key}/add with a JSON number as the body: signals `add` to the counter. */
export const addToCounter: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  const amount = await readJsonBody(request);
  if (!isCounterAmount(amount)) {
    throw new HttpError(400, 'The body must be a JSON number, e.g. 5 or -2.');
  }
  await client.signalEntity(counterEntityId(key), 'add', amount);
  return entitySignalAccepted(COUNTER_ENTITY, key, 'add', amount);
};
