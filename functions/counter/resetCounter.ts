import { COUNTER_ENTITY, counterEntityId } from './counterEntity';
import { checkEntityKey } from '../http/entityKey';
import { entitySignalAccepted } from '../http/entitySignalAccepted';
import type { DurableHttpHandler } from '../http/withDurableClient';

/** POST counters/{key}/reset: signals `reset` to the counter. */
export const resetCounter: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  await client.signalEntity(counterEntityId(key), 'reset');
  return entitySignalAccepted(COUNTER_ENTITY, key, 'reset');
};
