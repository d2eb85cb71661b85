import type { DurableEntity } from './DurableEntity';

/** The state type of a class-based entity. */
export type EntityStateOf<E extends DurableEntity<any>> = E['state'];

/** The names callers may use on a class-based entity: its public methods (not `_`-prefixed) and `delete`. */
export type EntityOperationName<E> =
  | {
      [K in keyof E]: K extends keyof DurableEntity<unknown> | `_${string}`
        ? never
        : K extends string
          ? E[K] extends (...args: any[]) => unknown
            ? K
            : never
          : never;
    }[keyof E]
  | 'delete';

/**
 * The input arguments of an operation, as a tuple for rest parameters: `[]` for a method without a
 * parameter, `[input: T]` for a method with one; a method with more parameters cannot be called.
 */
export type EntityOperationInput<E, K> = K extends keyof E
  ? E[K] extends (...args: infer P) => unknown
    ? P extends [unknown?]
      ? P
      : never
    : never
  : [];

/** What an operation gives its caller: the method's (awaited) return value; nothing for `delete`. */
export type EntityOperationResult<E, K> = K extends keyof E
  ? E[K] extends (...args: any[]) => infer R
    ? Awaited<R>
    : never
  : void;
