import type { TriggeredFunction } from '../worker/AppFunctions';
import type { InvocationRequest } from '../worker/Invoker';
import type { TypedData } from '../worker/typedData';

function value(data: TypedData | undefined | null): unknown {
  if (!data) return undefined;
  if (data.json !== undefined && data.json !== null) return parse(data.json);
  if (data.string !== undefined && data.string !== null) return data.string;
  if (data.int !== undefined && data.int !== null) return data.int;
  if (data.double !== undefined && data.double !== null) return data.double;
  if (data.bytes) return Buffer.from(data.bytes).toString('utf8');
  return undefined;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The values binding expressions may name, as the Functions host gathers them: the trigger's
 * metadata, an HTTP trigger's route parameters, query and JSON body, and the top-level properties
 * of a JSON trigger value (a queue message, an activity's input).
 */
export function bindingData(fn: TriggeredFunction, request: InvocationRequest): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const trigger = request.inputData.find((i) => i.name === fn.triggerName)?.data;
  const spread = (v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(data, v);
  };
  if (trigger?.http) {
    const body = trigger.http.body;
    const text = body?.bytes ? Buffer.from(body.bytes).toString('utf8') : (body?.string ?? undefined);
    if (text) spread(parse(text));
    spread(trigger.http.query);
    spread(trigger.http.params);
  } else {
    const triggerValue = value(trigger);
    spread(typeof triggerValue === 'string' ? parse(triggerValue) : triggerValue);
  }
  for (const [name, metadata] of Object.entries(request.triggerMetadata ?? {})) data[name] = value(metadata);
  return data;
}
