import { readCartItem } from './readCartItem';
import { ShoppingCartEntity } from './ShoppingCartEntity';
import { checkEntityKey } from '../http/entityKey';
import { entitySignalAccepted } from '../http/entitySignalAccepted';
import { HttpError } from '../http/HttpError';
import { readJsonBody } from '../http/readJsonBody';
import type { DurableHttpHandler } from '../http/withDurableClient';

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
