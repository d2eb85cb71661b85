/**
 * The base of a class-based entity. Each public method a subclass declares is an operation taking at
 * most one input; `state` is loaded before the operation runs and persisted after it returns.
 * Keep helpers `#private` (or start their names with `_`) so callers cannot invoke them as operations.
 */
export abstract class DurableEntity<S> {
  /** The entity's state during an operation; mutate it or assign a new value. */
  state!: S;

  /** The state of an entity that has none yet. */
  abstract initialState(): S;
}
