import { describeCart } from './Cart';
import { ShoppingCartEntity } from './ShoppingCartEntity';
import { checkEntityKey } from '../http/entityKey';
import { HttpError } from '../http/HttpError';
import { jsonResponse } from '../http/jsonResponse';
import type { DurableHttpHandler } from '../http/withDurableClient';

/** GET carts/{key}: the cart's items and total; 404 for a cart that never existed. */
export const getCart: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  const { entityExists, entityState } = await ShoppingCartEntity.readState(client, key);
  if (!entityExists || !entityState) {
    throw new HttpError(404, `No cart with key "${key}".`);
  }
  return jsonResponse(200, { key, ...describeCart(entityState) });
};
