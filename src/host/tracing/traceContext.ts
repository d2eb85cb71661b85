import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A W3C trace context: `traceparent` (version-traceId-spanId-flags) and the vendor `tracestate` beside it. */
export interface TraceContext {
  traceParent: string;
  traceState?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

export interface ParsedTraceParent {
  traceId: string;
  spanId: string;
  flags: string;
}

/** The parts of a `traceparent`, or undefined for one the W3C rules make invalid (all-zero ids, version ff). */
export function parseTraceParent(value: string | undefined | null): ParsedTraceParent | undefined {
  const m = TRACEPARENT.exec((value ?? '').trim().toLowerCase());
  if (!m || m[1] === 'ff' || m[2] === ZERO_TRACE || m[3] === ZERO_SPAN) return undefined;
  return { traceId: m[2], spanId: m[3], flags: m[4] };
}

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

/** A new trace, sampled: what a request without a trace context starts. */
export function newTrace(): TraceContext {
  return { traceParent: `00-${randomBytes(16).toString('hex')}-${newSpanId()}-01` };
}

/** A new span in the same trace, as the parent of whatever runs under it. */
export function childSpan(parent: TraceContext | undefined): TraceContext {
  const parsed = parseTraceParent(parent?.traceParent);
  if (!parsed) return newTrace();
  return { traceParent: `00-${parsed.traceId}-${newSpanId()}-${parsed.flags}`, ...(parent?.traceState ? { traceState: parent.traceState } : {}) };
}

/** The caller's trace from its `traceparent` and `tracestate` headers, when they are valid. */
export function traceContextFromHeaders(headers: IncomingHttpHeaders): TraceContext | undefined {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const traceParent = first(headers.traceparent)?.trim();
  if (!parseTraceParent(traceParent)) return undefined;
  const traceState = first(headers.tracestate)?.trim();
  return { traceParent: traceParent!.toLowerCase(), ...(traceState ? { traceState } : {}) };
}

export function traceIdOf(context: TraceContext | undefined): string | undefined {
  return parseTraceParent(context?.traceParent)?.traceId;
}
