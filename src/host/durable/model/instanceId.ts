import { InvalidRequestError } from './errors';

export const MAX_INSTANCE_ID_LENGTH = 256;

/** The rule every instance id the engine takes must follow. */
export function validateInstanceId(instanceId: string): void {
  if (!instanceId || instanceId.length > MAX_INSTANCE_ID_LENGTH) {
    throw new InvalidRequestError(`An instance ID must have 1 to ${MAX_INSTANCE_ID_LENGTH} characters.`);
  }
  if (instanceId.startsWith('@')) throw new InvalidRequestError(`An instance ID may not start with '@'; such ids name entities.`);
  // The same rule as the Durable extension: no path separators, no control characters.
  if (/[\\/#?\u0000-\u001f\u007f]/.test(instanceId)) {
    throw new InvalidRequestError(`The instance ID '${instanceId}' contains a character that is not allowed (/, \\, #, ? or a control character).`);
  }
}

export function validateEntityKey(key: string): void {
  if (!key || key.length > MAX_INSTANCE_ID_LENGTH) throw new InvalidRequestError(`An entity key must have 1 to ${MAX_INSTANCE_ID_LENGTH} characters.`);
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new InvalidRequestError('An entity key may not contain control characters.');
}
