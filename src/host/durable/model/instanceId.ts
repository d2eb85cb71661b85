import { InvalidRequestError } from './errors';

/*
 * The Durable extension's rule for instance ids and entity keys, as its DurableClient checks them: an
 * instance id has 1 to 256 characters, does not start with '@' (such ids name entities) and holds none
 * of / \ # ? or a control character (C0, DEL, C1: .NET's char.IsControl); an entity key holds none of
 * those characters. Added: '.' and '..', which no URL can address. The app's copy of this rule is
 * src/extension/ids/idRules.ts (the app cannot import the host); test/extension/idRules.test.ts pins both together.
 */

export const MAX_INSTANCE_ID_LENGTH = 256;

const FORBIDDEN_CHARACTER = /[/\\#?\u0000-\u001f\u007f-\u009f]/;
const FORBIDDEN_LIST = "'/', '\\', '#', '?' or a control character";

const isDotSegment = (text: string) => text === '.' || text === '..';
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Why `instanceId` cannot name an orchestration instance, or undefined when it can. */
export function instanceIdProblem(instanceId: string): string | undefined {
  if (instanceId.length === 0 || instanceId.length > MAX_INSTANCE_ID_LENGTH) return `An instance ID must have 1 to ${MAX_INSTANCE_ID_LENGTH} characters.`;
  if (instanceId.startsWith('@')) return "An instance ID may not start with '@'; such ids name entities.";
  if (FORBIDDEN_CHARACTER.test(instanceId)) return `The instance ID '${printable(instanceId)}' contains ${FORBIDDEN_LIST}, which are not allowed.`;
  if (isDotSegment(instanceId)) return `The instance ID '${instanceId}' is not allowed: no URL can address it.`;
  return undefined;
}

/** Why `key` cannot name an entity, or undefined when it can. */
export function entityKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'An entity key must have at least 1 character.';
  if (FORBIDDEN_CHARACTER.test(key)) return `The entity key '${printable(key)}' contains ${FORBIDDEN_LIST}, which are not allowed.`;
  if (isDotSegment(key)) return `The entity key '${key}' is not allowed: no URL can address it.`;
  return undefined;
}

export function validateInstanceId(instanceId: string): void {
  const problem = instanceIdProblem(instanceId);
  if (problem) throw new InvalidRequestError(problem);
}

export function validateEntityKey(key: string): void {
  const problem = entityKeyProblem(key);
  if (problem) throw new InvalidRequestError(problem);
}
