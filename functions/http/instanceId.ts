import { instanceIdProblem } from '../../src/extension';
import { HttpError } from './HttpError';

/** Returns the id when the Durable runtime accepts it (the extension's rule, src/extension/ids), else throws a 400 HttpError saying why. */
export function checkInstanceId(instanceId: string): string {
  const problem = instanceIdProblem(instanceId);
  if (problem) throw new HttpError(400, problem);
  return instanceId;
}

/** Returns the event name unless it is empty (a 400 HttpError); the URL-safe client encodes it for the management URL. */
export function checkEventName(eventName: string): string {
  if (eventName.length === 0) throw new HttpError(400, 'An event name must have at least 1 character.');
  return eventName;
}
