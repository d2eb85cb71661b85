import { app } from '@azure/functions';
import * as df from 'durable-functions';
// Importing the references registers the ShoppingCart entity and CartCheckoutOrchestration.
import './cart/CartCheckoutOrchestration';
import './cart/ShoppingCartEntity';
import { addCartItem } from './http/handlers/addCartItem';
import { startCartCheckout } from './http/handlers/startCartCheckout';
import { clearCart } from './http/handlers/clearCart';
import { getCart } from './http/handlers/getCart';
import { removeCartItem } from './http/handlers/removeCartItem';
import { withDurableClient } from './http/withDurableClient';

app.http('AddCartItem', {
  route: 'carts/{key}/items',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(addCartItem),
});

app.http('RemoveCartItem', {
  route: 'carts/{key}/items/{productId}',
  methods: ['DELETE'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(removeCartItem),
});

app.http('GetCart', {
  route: 'carts/{key}',
  methods: ['GET'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(getCart),
});

app.http('ClearCart', {
  route: 'carts/{key}',
  methods: ['DELETE'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(clearCart),
});

app.http('CheckoutCart', {
  route: 'carts/{key}/checkout',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withDurableClient(startCartCheckout),
});
