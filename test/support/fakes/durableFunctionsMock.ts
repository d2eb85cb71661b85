import type * as df from 'durable-functions';

/**
 * The real durable-functions package, except that `app.activity`, `app.orchestration` and `app.entity` only record
 * their calls, so defining functions in a unit test registers nothing with any host. Use as
 * `jest.mock('durable-functions', () => jest.requireActual('../support/fakes/durableFunctionsMock').durableFunctionsMock())`.
 */
export function durableFunctionsMock(): typeof df {
  const actual = jest.requireActual<typeof df>('durable-functions');
  return { ...actual, app: { ...actual.app, activity: jest.fn(), orchestration: jest.fn(), entity: jest.fn() } };
}
