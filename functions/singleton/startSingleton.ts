import { startUnlessRunning } from '../../src/extension';
import { SINGLETON_INSTANCE_ID, SINGLETON_ORCHESTRATION, readSingletonInput } from './singletonJob';
import { HttpError } from '../http/HttpError';
import { readJsonBody } from '../http/readJsonBody';
import type { DurableHttpHandler } from '../http/withDurableClient';

/** POST singleton: starts SingletonOrchestration unless it is running (409); the body is its optional input. */
export const startSingleton: DurableHttpHandler = async (request, client, context) => {
  const input = await readJsonBody(request);
  try {
    readSingletonInput(input);
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
  const outcome = await startUnlessRunning(client, SINGLETON_ORCHESTRATION, SINGLETON_INSTANCE_ID, input);
  if (!outcome.started) {
    throw new HttpError(409, `${SINGLETON_ORCHESTRATION} is already ${outcome.runtimeStatus} as instance "${SINGLETON_INSTANCE_ID}"; start it again once it has finished.`);
  }
  context.info(`Started ${SINGLETON_ORCHESTRATION} as instance ${SINGLETON_INSTANCE_ID}.`);
  return client.createCheckStatusResponse(request, SINGLETON_INSTANCE_ID);
};
