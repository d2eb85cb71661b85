import { counterEntityId } from './counterEntity';
import { checkEntityKey } from '../http/entityKey';
import { HttpError } from '../http/HttpError';
import { jsonResponse } from '../http/jsonResponse';
import type { DurableHttpHandler } from '../http/withDurableClient';

/** GET counters/{key}: the counter's stored value; 404 for a counter that never existed. */
export const getCounter: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  const { entityExists, entityState } = await client.readEntityState<number>(counterEntityId(key));
  if (!entityExists) {
    throw new HttpError(404, `No counter with key "${key}".`);
  }
  return jsonResponse(200, { key, value: entityState ?? 0 });
};
