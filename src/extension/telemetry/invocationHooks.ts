import { app, type HttpRequest, type InvocationContext, type PostInvocationContext } from '@azure/functions';
import { performance } from 'node:perf_hooks';
import type { AppTelemetry, TelemetryProperties } from './AppTelemetry';
import { httpCallInstanceId } from './httpCallInstanceId';
import { inInvocationTrace } from './invocationTrace';

const STARTED = 'appTelemetry.started';

interface Started {
  at: Date;
  clock: number;
}

/**
 * Records a request for every HTTP invocation and an exception for every failed one; flushes when
 * the app stops. Each function runs in its invocation's trace, so what it tracks and the calls it
 * makes belong to that trace.
 */
export function recordInvocations(telemetry: AppTelemetry): void {
  app.hook.preInvocation((hook) => {
    const started: Started = { at: new Date(), clock: performance.now() };
    hook.hookData[STARTED] = started;
    const handler = hook.functionHandler as (...args: unknown[]) => unknown;
    const invocation = hook.invocationContext;
    hook.functionHandler = ((...args: unknown[]) => inInvocationTrace(invocation, () => handler(...args))) as typeof hook.functionHandler;
  });

  app.hook.postInvocation((hook) => inInvocationTrace(hook.invocationContext, () => record(hook)));

  function record(hook: PostInvocationContext): void {
    // Telemetry never fails a function, not even through a bug of its own.
    try {
      const invocation = hook.invocationContext;
      const type = triggerType(invocation);
      const failed = hook.error !== undefined && hook.error !== null;
      const properties: TelemetryProperties = { functionName: invocation.functionName, invocationId: invocation.invocationId };
      const started = hook.hookData[STARTED] as Started | undefined;

      if (type === 'httptrigger' && started) {
        const request = hook.inputs[0] as HttpRequest;
        const instanceId = httpCallInstanceId(request, hook.result);
        if (instanceId) properties.instanceId = instanceId;
        const status = failed ? 500 : responseStatus(hook.result);
        telemetry.request({
          name: invocation.functionName,
          route: `/${routeTemplate(invocation)}`,
          url: request.url,
          method: request.method,
          status,
          success: status < 400,
          startedAt: started.at,
          durationMs: performance.now() - started.clock,
          properties,
        });
      }
      // A failing orchestrator throws only to carry its state back; withCompletionTelemetry reports its error.
      if (failed && type !== 'orchestrationtrigger') {
        const instanceId = invocation.triggerMetadata?.instanceId;
        if (typeof instanceId === 'string') properties.instanceId = instanceId;
        telemetry.exception(asError(hook.error), properties);
      }
    } catch (error) {
      console.warn(`Application Insights: recording ${hook.invocationContext.functionName} failed: ${(error as Error)?.message ?? error}`);
    }
  }

  app.hook.appTerminate(() => telemetry.flush());
}

function triggerType(invocation: InvocationContext): string {
  return invocation.options?.trigger?.type?.toLowerCase() ?? '';
}

// The route as declared keeps request names few (`POST /orchestrations/{instanceId}`); a function without one answers at its name.
function routeTemplate(invocation: InvocationContext): string {
  const route = invocation.options?.trigger?.route;
  return typeof route === 'string' && route ? route.replace(/^\/+/, '') : invocation.functionName;
}

function responseStatus(result: unknown): number {
  // No response at all goes back to the caller as 204.
  if (result === undefined || result === null) return 204;
  const status = (result as { status?: unknown }).status;
  return typeof status === 'number' ? status : 200;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
