import { isCounterAmount } from '../../counter/counterAmount';
import { COUNTER_ENTITY, counterEntityId } from '../../counter/counterEntity';
import { checkEntityKey } from '../entityKey';
import { entitySignalAccepted } from '../entitySignalAccepted';
import { HttpError } from '../HttpError';
import { readJsonBody } from '../readJsonBody';
import type { DurableHttpHandler } from '../withDurableClient';

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
