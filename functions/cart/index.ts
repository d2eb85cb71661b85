import { app } from '@azure/functions';
import * as df from 'durable-functions';
// Importing the references registers the ShoppingCart entity and CartCheckoutOrchestration.
import './CartCheckoutOrchestration';
import './ShoppingCartEntity';
import { addCartItem } from './addCartItem';
import { startCartCheckout } from './startCartCheckout';
import { clearCart } from './clearCart';
import { getCart } from './getCart';
import { removeCartItem } from './removeCartItem';
import { withDurableClient } from '../http/withDurableClient';

app.http('AddCartItem', {
  route: 'carts/{key}/items',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(addCartItem),
});

app.http('RemoveCartItem', {
  route: 'carts/{key}/items/{productId}',
  methods: ['DELETE'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(removeCartItem),
});

app.http('GetCart', {
  route: 'carts/{key}',
  methods: ['GET'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(getCart),
});

app.http('ClearCart', {
  route: 'carts/{key}',
  methods: ['DELETE'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(clearCart),
});

app.http('CheckoutCart', {
  route: 'carts/{key}/checkout',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(startCartCheckout),
});
