import type { InvocationContext } from '@azure/functions';
import { type Context, ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator, TraceState } from '@opentelemetry/core';

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Lets OpenTelemetry follow an invocation across its awaits and put its trace in outgoing calls:
 * telemetry items then carry the invocation's operation id, and the durable client sends the
 * `traceparent` that makes an orchestration part of the request that started it. Leaves alone what
 * another SDK installed first.
 */
export function installTracePropagation(): void {
  const manager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(manager)) manager.disable();
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/** The OpenTelemetry context of an invocation's W3C trace context (`context.traceContext`), if it has a valid one. */
export function invocationTraceContext(invocation: InvocationContext): Context | undefined {
  const traceParent = invocation.traceContext?.traceParent?.trim().toLowerCase();
  const m = traceParent ? TRACEPARENT.exec(traceParent) : null;
  if (!m) return undefined;
  const traceState = invocation.traceContext?.traceState ? new TraceState(invocation.traceContext.traceState) : undefined;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16), isRemote: true, traceState });
}

/** Runs `work` in the invocation's trace, when it has one. */
export function inInvocationTrace<T>(invocation: InvocationContext, work: () => T): T {
  const traced = invocationTraceContext(invocation);
  return traced ? context.with(traced, work) : work();
}
