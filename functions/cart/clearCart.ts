import { ShoppingCartEntity } from './ShoppingCartEntity';
import { checkEntityKey } from '../http/entityKey';
import { entitySignalAccepted } from '../http/entitySignalAccepted';
import type { DurableHttpHandler } from '../http/withDurableClient';

/** DELETE carts/{key}: signals `clear`; the cart stays, empty. */
export const clearCart: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  await ShoppingCartEntity.client(client, key).signal('clear');
  return entitySignalAccepted(ShoppingCartEntity.name, key, 'clear');
};
