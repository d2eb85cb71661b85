import { HttpError } from './HttpError';

// The Durable runtime's rules for instance ids; they also keep an id from breaking the management URLs,
// into which the durable client puts ids and event names without encoding them (hence no '%' either).
const MAX_INSTANCE_ID_LENGTH = 100;
const FORBIDDEN_CHARACTERS = /[/\\#?%\u0000-\u001f\u007f-\u009f]/;

/** Returns the id when the Durable runtime would accept it, else throws a 400 HttpError saying why. */
export function checkInstanceId(instanceId: string): string {
  if (instanceId.length === 0 || instanceId.length > MAX_INSTANCE_ID_LENGTH) {
    throw new HttpError(400, `An instance id must be 1 to ${MAX_INSTANCE_ID_LENGTH} characters long.`);
  }
  if (FORBIDDEN_CHARACTERS.test(instanceId) || instanceId.startsWith('@')) {
    throw new HttpError(
      400,
      `Instance id "${instanceId}" is not allowed: it must not start with '@' or contain '/', '\\', '#', '?', '%' or control characters.`,
    );
  }
  return instanceId;
}

/** Returns the event name when it can travel in the management URL, else throws a 400 HttpError. */
export function checkEventName(eventName: string): string {
  if (eventName.length === 0 || eventName.length > MAX_INSTANCE_ID_LENGTH || FORBIDDEN_CHARACTERS.test(eventName)) {
    throw new HttpError(400, `Event name "${eventName}" is not allowed: use 1 to ${MAX_INSTANCE_ID_LENGTH} characters without '/', '\\', '#', '?', '%' or control characters.`);
  }
  return eventName;
}
