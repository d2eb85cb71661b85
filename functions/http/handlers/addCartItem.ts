import { readCartItem } from '../../cart/readCartItem';
import { ShoppingCartEntity } from '../../cart/ShoppingCartEntity';
import { checkEntityKey } from '../entityKey';
import { entitySignalAccepted } from '../entitySignalAccepted';
import { HttpError } from '../HttpError';
import { readJsonBody } from '../readJsonBody';
import type { DurableHttpHandler } from '../withDurableClient';

/** POST carts/{key}/items with an item `{productId, name?, quantity, price}`: signals `addItem` to the cart. */
export const addCartItem: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  const body = await readJsonBody(request);
  let item;
  try {
    item = readCartItem(body);
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
  await ShoppingCartEntity.client(client, key).signal('addItem', item);
  return entitySignalAccepted(ShoppingCartEntity.name, key, 'addItem', item);
};
