import { ShoppingCartEntity } from '../../cart/ShoppingCartEntity';
import { checkEntityKey } from '../entityKey';
import { entitySignalAccepted } from '../entitySignalAccepted';
import type { DurableHttpHandler } from '../withDurableClient';

/** DELETE carts/{key}: signals `clear`; the cart stays, empty. */
export const clearCart: DurableHttpHandler = async (request, client) => {
  const key = checkEntityKey(request.params.key);
  await ShoppingCartEntity.client(client, key).signal('clear');
  return entitySignalAccepted(ShoppingCartEntity.name, key, 'clear');
};
