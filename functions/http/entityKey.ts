import { entityKeyProblem } from '../../src/extension';
import { HttpError } from './HttpError';

/** Returns the key when it can address an entity (the extension's rule, src/extension/ids), else throws a 400 HttpError saying why. */
export function checkEntityKey(key: string | undefined): string {
  const problem = entityKeyProblem(key ?? '');
  if (problem) throw new HttpError(400, problem);
  return key as string;
}
