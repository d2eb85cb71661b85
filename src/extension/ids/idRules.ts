/*
 * The Durable extension's rules for instance ids and entity keys (its DurableClient checks them when
 * an instance starts or an entity is signalled): an instance id has 1 to 256 characters, does not
 * start with '@' (such ids name entities) and holds none of / \ # ? or a control character; an entity
 * key holds none of those characters either. One addition: '.' and '..' are refused too, because no
 * URL can address them (URLs resolve them as path steps), here or in Azure.
 * The local host checks the same rule in src/host/durable/model/instanceId.ts; a test pins the two together.
 */

export const MAX_INSTANCE_ID_LENGTH = 256;

// '/', '\', '#', '?' and what .NET's char.IsControl calls control characters (C0, DEL and C1).
const FORBIDDEN_CHARACTER = /[/\\#?\u0000-\u001f\u007f-\u009f]/;
const FORBIDDEN_LIST = "'/', '\\', '#', '?' or a control character";

function isDotSegment(text: string): boolean {
  return text === '.' || text === '..';
}

/** Why `instanceId` cannot name an orchestration instance, or undefined when it can. */
export function instanceIdProblem(instanceId: string): string | undefined {
  if (instanceId.length === 0 || instanceId.length > MAX_INSTANCE_ID_LENGTH) {
    return `An instance ID must have 1 to ${MAX_INSTANCE_ID_LENGTH} characters.`;
  }
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

// A control character in a message would garble the log line or the JSON answer's reader.
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
