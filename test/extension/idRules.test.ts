import { entityKeyProblem, instanceIdProblem } from '../../src/extension';
import * as host from '../../src/host/durable/model/instanceId';

// [id, accepted]: the Durable extension's rule (1-256 characters, no leading '@', none of / \ # ? or a
// control character) plus the two ids no URL can address ('.' and '..').
const INSTANCE_IDS: [string, boolean][] = [
  ['order-42', true],
  ['a'.repeat(150), true],
  ['a'.repeat(256), true],
  ['a'.repeat(257), false],
  ['', false],
  ['a%b', true],
  ['%2e%2e%2f', true],
  ['with space', true],
  ['semi;colon&amp', true],
  ['ünïcödé-😀', true],
  ["quote'\"", true],
  ['...', true],
  ['.', false],
  ['..', false],
  ['@counter@key', false],
  ['x@y', true],
  ['a/b', false],
  ['a\\b', false],
  ['a#b', false],
  ['a?b', false],
  ['tab\there', false],
  ['nul\u0000', false],
  ['del\u007f', false],
  ['next-line\u0085', false],
  ['no-break\u00a0space', true],
];

const ENTITY_KEYS: [string, boolean][] = [
  ['hits', true],
  ['k'.repeat(300), true],
  ['', false],
  ['a%b', true],
  ['with space', true],
  ['@at@start', true],
  ['ünï-😀', true],
  ['.', false],
  ['..', false],
  ['a/b', false],
  ['a\\b', false],
  ['a#b', false],
  ['a?b', false],
  ['bell\u0007', false],
  ['c1\u009f', false],
];

describe('one rule for instance ids and entity keys, in the app (src/extension) and in the host', () => {
  test.each(INSTANCE_IDS)('instance id %j: accepted %s by both', (id, accepted) => {
    const appProblem = instanceIdProblem(id);
    expect(appProblem === undefined).toBe(accepted);
    expect(host.instanceIdProblem(id)).toBe(appProblem);
    if (accepted) expect(() => host.validateInstanceId(id)).not.toThrow();
    else expect(() => host.validateInstanceId(id)).toThrow(expect.objectContaining({ name: 'InvalidRequestError', message: appProblem }));
  });

  test.each(ENTITY_KEYS)('entity key %j: accepted %s by both', (key, accepted) => {
    const appProblem = entityKeyProblem(key);
    expect(appProblem === undefined).toBe(accepted);
    expect(host.entityKeyProblem(key)).toBe(appProblem);
  });

  test('a refusal says why, and shows a control character as an escape rather than raw', () => {
    expect(instanceIdProblem('a'.repeat(257))).toBe('An instance ID must have 1 to 256 characters.');
    expect(instanceIdProblem('nul\u0000')).toBe("The instance ID 'nul\\u0000' contains '/', '\\', '#', '?' or a control character, which are not allowed.");
    expect(entityKeyProblem('..')).toBe("The entity key '..' is not allowed: no URL can address it.");
  });
});
