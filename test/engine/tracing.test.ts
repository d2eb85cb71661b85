import { DurableTestEnvironment } from '../../src/testing';
import { parseTraceParent } from '../../src/host/tracing/traceContext';
import { FIDELITY_APP } from '../support/fidelityApp';

const CALLER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

interface Traced {
  orchestrator: string;
  activity: string;
  child: { orchestrator: string; activity: string };
}

describe('W3C trace context for every invocation, as the Functions host passes it', () => {
  let env: DurableTestEnvironment;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: FIDELITY_APP });
  });

  afterAll(async () => {
    await env.dispose();
  });

  const spans = (t: Traced) => [t.orchestrator, t.activity, t.child.orchestrator, t.child.activity].map((p) => parseTraceParent(p)!);

  test('an orchestration started with a traceparent runs, with its activities and sub-orchestrations, in the caller’s trace, each in a span of its own', async () => {
    const res = await fetch(`${env.url}/runtime/webhooks/durabletask/orchestrators/Traced/traced-1`, { method: 'POST', headers: { traceparent: CALLER, tracestate: 'congo=t61rcWkgMzE' } });
    expect(res.status).toBe(202);
    const output = (await env.waitForCompletion('traced-1')).output as Traced;
    const all = spans(output);
    expect(all.every((s) => s.traceId === '0af7651916cd43dd8448eb211c80319c')).toBe(true);
    expect(new Set(all.map((s) => s.spanId)).size).toBe(4);
    expect(all.some((s) => s.spanId === 'b7ad6b7169203331')).toBe(false);
    const started = env.getHistory('traced-1')[1];
    expect(started.ParentTraceContext).toMatchObject({ TraceParent: CALLER, TraceState: 'congo=t61rcWkgMzE', Id: output.orchestrator });
  });

  test('without a caller trace an orchestration starts a trace of its own, which its work shares; every episode runs under the same span', async () => {
    const a = await env.start('Traced');
    const b = await env.start('Traced');
    const first = spans((await env.waitForCompletion(a)).output as Traced);
    const second = spans((await env.waitForCompletion(b)).output as Traced);
    expect(new Set(first.map((s) => s.traceId)).size).toBe(1);
    expect(first[0].traceId).not.toBe(second[0].traceId);
    // The orchestrator's traceparent at the end is the span its first episode recorded.
    expect(env.getHistory(a)[1].ParentTraceContext).toMatchObject({ TraceParent: null, SpanId: first[0].spanId });
  });

  test('an HTTP function runs in a span of the request’s trace (traceparent header), or of a new trace', async () => {
    const withCaller = (await (await fetch(`${env.url}/api/trace`, { headers: { traceparent: CALLER } })).json()) as { traceParent: string };
    const parsed = parseTraceParent(withCaller.traceParent)!;
    expect(parsed.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(parsed.spanId).not.toBe('b7ad6b7169203331');
    const fresh = (await (await fetch(`${env.url}/api/trace`)).json()) as { traceParent: string };
    expect(parseTraceParent(fresh.traceParent)).toBeDefined();
    expect(parseTraceParent(fresh.traceParent)!.traceId).not.toBe('0af7651916cd43dd8448eb211c80319c');
  });
});
