import { defineEntityClass } from '../../src/extension';
import { ShoppingCart } from './ShoppingCart';

// The module cache makes this registration happen once, whoever imports the reference first.
export const ShoppingCartEntity = defineEntityClass('ShoppingCart', ShoppingCart);
