import { DELETE_OPERATION } from '../../src/extension';
import { checkEntityKey } from '../http/entityKey';
import { entitySignalAccepted } from '../http/entitySignalAccepted';
import type { DurableHttpHandler } from '../http/withDurableClient';
import { COUNTER_ENTITY, counterEntityId } from './counterEntity';

/** DELETE counters/{key}: signals `delete`; once it has run the counter is gone (GET answers 404). */
export const deleteCounter: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  await client.signalEntity(counterEntityId(key), DELETE_OPERATION);
  return entitySignalAccepted(COUNTER_ENTITY, key, DELETE_OPERATION);
};
