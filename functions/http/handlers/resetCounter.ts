import { COUNTER_ENTITY, counterEntityId } from '../../counter/counterEntity';
import { checkEntityKey } from '../entityKey';
import { entitySignalAccepted } from '../entitySignalAccepted';
import type { DurableHttpHandler } from '../withDurableClient';

/** POST counters/{key}/reset: signals `reset` to the counter. */
export const resetCounter: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  await client.signalEntity(counterEntityId(key), 'reset');
  return entitySignalAccepted(COUNTER_ENTITY, key, 'reset');
};
