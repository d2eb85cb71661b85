import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import type { DurableClient } from 'durable-functions';
import { isInstanceNotFoundError } from '../http/instanceLookup';
import { jsonResponse } from '../http/jsonResponse';

const PROBE_TIMEOUT_MS = 5000;

/**
 * GET health: asks the Durable runtime for an instance that cannot exist. "Not found" proves the
 * runtime answered, so the app is healthy; an error, or no answer in time, makes it unhealthy (503).
 */
export async function checkHealth(
  connect: () => DurableClient,
  context: InvocationContext,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<HttpResponseInit> {
  try {
    await withinTime(connect().getStatus(`health-probe-${randomUUID()}`), timeoutMs);
  } catch (error) {
    if (!isInstanceNotFoundError(error)) {
      const message = error instanceof Error ? error.message : String(error);
      context.warn(`Health probe failed: ${message}`);
      return jsonResponse(503, { status: 'unhealthy', error: message });
    }
  }
  return jsonResponse(200, { status: 'healthy' });
}

function withinTime<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The Durable runtime did not answer within ${timeoutMs} ms.`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
