import { counterEntityId } from '../../counter/counterEntity';
import { checkEntityKey } from '../entityKey';
import { HttpError } from '../HttpError';
import { jsonResponse } from '../jsonResponse';
import type { DurableHttpHandler } from '../withDurableClient';

/** GET counters/{key}: the counter's stored value; 404 for a counter that never existed. */
export const getCounter: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  const { entityExists, entityState } = await client.readEntityState<number>(counterEntityId(key));
  if (!entityExists) {
    throw new HttpError(404, `No counter with key "${key}".`);
  }
  return jsonResponse(200, { key, value: entityState ?? 0 });
};
