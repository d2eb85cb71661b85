import { HttpError } from './HttpError';

// The durable client puts entity keys into management URLs (entities/{name}/{key}) without encoding them,
// so anything a URL would reinterpret is refused: separators, '%', '?', '#' and the dot segments '.' and '..'.
const MAX_ENTITY_KEY_LENGTH = 100;
const FORBIDDEN_CHARACTERS = /[/\\#?%\u0000-\u001f\u007f-\u009f]/;

/** Returns the key when it can address an entity, else throws a 400 HttpError saying why. */
export function checkEntityKey(key: string | undefined): string {
  if (!key || key.length > MAX_ENTITY_KEY_LENGTH) {
    throw new HttpError(400, `An entity key must be 1 to ${MAX_ENTITY_KEY_LENGTH} characters long.`);
  }
  if (FORBIDDEN_CHARACTERS.test(key) || key === '.' || key === '..') {
    throw new HttpError(
      400,
      `Entity key "${key}" is not allowed: it must not be '.' or '..' or contain '/', '\\', '#', '?', '%' or control characters.`,
    );
  }
  return key;
}
