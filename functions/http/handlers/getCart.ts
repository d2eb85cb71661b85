import { describeCart } from '../../cart/Cart';
import { ShoppingCartEntity } from '../../cart/ShoppingCartEntity';
import { checkEntityKey } from '../entityKey';
import { HttpError } from '../HttpError';
import { jsonResponse } from '../jsonResponse';
import type { DurableHttpHandler } from '../withDurableClient';

/** GET carts/{key}: the cart's items and total; 404 for a cart that never existed. */
export const getCart: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  const { entityExists, entityState } = await ShoppingCartEntity.readState(client, key);
  if (!entityExists || !entityState) {
    throw new HttpError(404, `No cart with key "${key}".`);
  }
  return jsonResponse(200, { key, ...describeCart(entityState) });
};
