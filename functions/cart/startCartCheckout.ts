import { CartCheckoutOrchestration } from './CartCheckoutOrchestration';
import { ShoppingCartEntity } from './ShoppingCartEntity';
import { checkEntityKey } from '../http/entityKey';
import { HttpError } from '../http/HttpError';
import { readJsonBody } from '../http/readJsonBody';
import type { DurableHttpHandler } from '../http/withDurableClient';

/**
 * POST carts/{key}/checkout with an optional `{"customerId": "..."}`: starts CartCheckoutOrchestration.
 * An empty or unknown cart is refused here (400); the orchestration checks again under the cart's lock.
 */
export const startCartCheckout: DurableHttpHandler = async (request, client, context) => {
  const key = checkEntityKey(request.params.key);
  const customerId = readCustomerId(await readJsonBody(request));
  const { entityExists, entityState } = await ShoppingCartEntity.readState(client, key);
  if (!entityExists || !entityState || entityState.items.length === 0) {
    throw new HttpError(400, `Cart "${key}" is empty; add items before checking out.`);
  }
  const instanceId = await CartCheckoutOrchestration.start(client, customerId === undefined ? { cartKey: key } : { cartKey: key, customerId });
  context.info(`Started checkout of cart ${key} as instance ${instanceId}.`);
  return client.createCheckStatusResponse(request, instanceId);
};

function readCustomerId(body: unknown): string | undefined {
  if (body === undefined || body === null) {
    return undefined;
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'The body, when given, must be a JSON object like {"customerId": "c-7"}.');
  }
  const customerId = (body as { customerId?: unknown }).customerId;
  if (customerId !== undefined && typeof customerId !== 'string') {
    throw new HttpError(400, 'customerId must be a string.');
  }
  return customerId;
}
