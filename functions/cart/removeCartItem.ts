import { ShoppingCartEntity } from './ShoppingCartEntity';
import { checkEntityKey } from '../http/entityKey';
import { entitySignalAccepted } from '../http/entitySignalAccepted';
import type { DurableHttpHandler } from '../http/withDurableClient';

/** DELETE carts/{key}/items/{productId}: signals `removeItem` to the cart. */
export const removeCartItem: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  const productId = request.params.productId;
  await ShoppingCartEntity.client(client, key).signal('removeItem', productId);
  return entitySignalAccepted(ShoppingCartEntity.name, key, 'removeItem', productId);
};
