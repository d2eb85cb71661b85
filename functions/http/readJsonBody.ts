import type { HttpRequest } from '@azure/functions';
import { HttpError } from './HttpError';

/** The request body parsed as JSON; `undefined` for an empty body; a 400 HttpError for malformed JSON. */
export async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
