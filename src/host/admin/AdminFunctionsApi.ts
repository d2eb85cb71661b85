import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/Clock';
import { type IncomingRequest, type OutgoingResponse, errorResponse, jsonResponse } from '../http/HostHttpServer';
import { queueTriggerMetadata } from '../triggers/queue/queueMessage';
import { timerTriggerData } from '../triggers/timer/timerTriggerData';
import type { TriggerInvocations } from '../triggers/TriggerInvocations';
import type { AppFunctions, TriggeredFunction } from '../worker/AppFunctions';
import type { TypedData } from '../worker/typedData';
import { functionMetadataResponse } from './functionMetadataResponse';

const DAY_MS = 24 * 3600_000;
const DURABLE_TRIGGERS = new Set(['orchestrationtrigger', 'activitytrigger', 'entitytrigger']);

class BadRequest extends Error {}

/** The `input` of a `{"input": ...}` body as the function's trigger text; an empty body is an empty input. */
function readInput(body: Buffer): string {
  const text = body.toString('utf8').trim();
  if (!text) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BadRequest(`The body is not valid JSON (${(error as Error).message}); send {"input": "..."}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest('The body must be a JSON object like {"input": "..."}.');
  const input = (parsed as { input?: unknown }).input;
  if (input === undefined || input === null) return '';
  return typeof input === 'string' ? input : JSON.stringify(input);
}

/**
 * The Functions host's admin API for functions: `GET /admin/functions` lists them and
 * `GET /admin/functions/{name}` describes one (FunctionMetadataResponse); `POST /admin/functions/{name}`
 * with `{"input": "..."}` runs a timer or queue function by hand, as `func start` allows. A run answers
 * 202 at once; it goes on in the background and its outcome is logged.
 */
export class AdminFunctionsApi {
  constructor(
    private readonly functions: AppFunctions,
    private readonly invocations: TriggerInvocations,
    private readonly clock: Clock,
    /** host.json's `extensions.http.routePrefix`, for the HTTP functions' `invoke_url_template`. */
    private readonly routePrefix = 'api',
  ) {}

  async handle(request: IncomingRequest): Promise<OutgoingResponse> {
    // The host answers with the address it was called at, as the Functions host does.
    const baseUrl = `${request.url.protocol}//${request.url.host}`;
    if (request.segments.length === 0) {
      if (request.method !== 'GET') return errorResponse(405, 'Use GET to list the functions.');
      const all = [...this.functions.all()].sort((a, b) => a.name.localeCompare(b.name));
      return jsonResponse(200, all.map((fn) => functionMetadataResponse(fn, baseUrl, this.routePrefix)));
    }
    if (request.segments.length !== 1) return errorResponse(404, 'Use GET /admin/functions[/{name}], or POST /admin/functions/{name} to run a function by hand.');
    if (request.method !== 'POST' && request.method !== 'GET') return errorResponse(405, 'Use GET to describe a function or POST to run it by hand.');
    let name: string;
    try {
      name = decodeURIComponent(request.segments[0]);
    } catch {
      return errorResponse(400, `The function name '${request.segments[0]}' is not valid percent-encoding.`);
    }
    const fn = this.functions.get(name);
    if (!fn) return errorResponse(404, `No function named '${name}'.`);
    if (request.method === 'GET') return jsonResponse(200, functionMetadataResponse(fn, baseUrl, this.routePrefix));
    try {
      const { trigger, metadata } = this.triggerFor(fn, readInput(request.body));
      // The outcome is logged by the invocation; the caller has its 202 already.
      this.invocations.run(fn, trigger, { triggerMetadata: metadata, reason: 'This function was programmatically called via the host APIs.' }).catch(() => undefined);
    } catch (error) {
      if (error instanceof BadRequest) return errorResponse(400, error.message);
      throw error;
    }
    return { status: 202 };
  }

  private triggerFor(fn: TriggeredFunction, input: string): { trigger: TypedData; metadata?: Record<string, TypedData> } {
    const type = fn.trigger.type.toLowerCase();
    if (type === 'timertrigger') {
      // A run by hand is not an occurrence of the schedule: no status, not past due.
      return { trigger: timerTriggerData({ adjustForDST: true, status: undefined, isPastDue: false }) };
    }
    if (type === 'queuetrigger') {
      const now = new Date(this.clock.now());
      const message = { messageId: randomUUID(), dequeueCount: 1, insertedOn: now, expiresOn: new Date(now.getTime() + 7 * DAY_MS), nextVisibleOn: now, popReceipt: randomUUID() };
      return { trigger: { string: input }, metadata: queueTriggerMetadata(message, input) };
    }
    if (type === 'httptrigger') throw new BadRequest(`'${fn.name}' is an HTTP function: call its route instead.`);
    if (DURABLE_TRIGGERS.has(type)) {
      throw new BadRequest(`'${fn.name}' is a durable function (${fn.trigger.type}): start orchestrations through the durable client or /runtime/webhooks/durabletask.`);
    }
    throw new BadRequest(`'${fn.name}' has a ${fn.trigger.type}, which this host cannot run; timer and queue functions can be run by hand.`);
  }
}
