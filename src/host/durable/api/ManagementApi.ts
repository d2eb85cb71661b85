import { randomUUID } from 'node:crypto';
import { type IncomingRequest, type OutgoingResponse, jsonResponse } from '../../http/HostHttpServer';
import type { DurableEngine } from '../engine/DurableEngine';
import { isEntitySchedulerId, parseEntitySchedulerId } from '../model/entityId';
import { isTerminal } from '../model/instance';
import { type TraceContext, traceContextFromHeaders } from '../../tracing/traceContext';
import { ApiError, type ManagementOperation, extensionError, responseForError } from './ApiError';
import { type ManagementEndpoints, managementUrls } from './clientBinding';
import { QueryParameters } from './QueryParameters';
import { statusPayload } from './statusPayload';

const CONTINUATION_HEADER = 'x-ms-continuation-token';
const NOT_FOUND: OutgoingResponse = { status: 404 };

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(400, `The path segment '${segment}' is not valid percent-encoding.`);
  }
}

function mediaType(request: IncomingRequest): string {
  const header = request.headers['content-type'];
  return (Array.isArray(header) ? header[0] : header ?? '').split(';')[0].trim().toLowerCase();
}

/** A start's input: any body is read as JSON (the extension does not look at the content type); none is no input. */
function startInput(request: IncomingRequest): string | null {
  const text = request.body.toString('utf8');
  if (!text.trim()) return null;
  try {
    JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'Invalid JSON content', { message: (error as Error).message, type: 'Newtonsoft.Json.JsonReaderException' });
  }
  return text.trim();
}

function continuationToken(request: IncomingRequest): string | undefined {
  const header = request.headers[CONTINUATION_HEADER];
  return (Array.isArray(header) ? header[0] : header) || undefined;
}

/** A JSON body, strings included (HostHttpServer sends a string as it is). */
function json(status: number, value: unknown, headers: Record<string, string> = {}): OutgoingResponse {
  return jsonResponse(status, Buffer.from(JSON.stringify(value ?? null)), headers);
}

/** The extension adds the continuation header to every page, empty on the last one. */
function page(body: unknown, token: string | undefined): OutgoingResponse {
  return json(200, body, { [CONTINUATION_HEADER]: token ?? '' });
}

/**
 * The Durable extension's HTTP management API under /runtime/webhooks/durabletask/, row by row as
 * its HttpApiHandler answers (durable-protocol.md section 3): routes, status codes, bodies, headers.
 */
export class ManagementApi {
  constructor(
    private readonly engine: DurableEngine,
    private readonly endpoints: ManagementEndpoints,
  ) {}

  async handle(request: IncomingRequest): Promise<OutgoingResponse> {
    let operation: ManagementOperation | undefined;
    try {
      const response = await this.route(request, (op) => (operation = op));
      // Nothing is acknowledged before it would survive a power loss: one fsync covers every answer of its moment.
      await this.engine.durable();
      return response;
    } catch (error) {
      const response = responseForError(error, operation);
      if (response) return response;
      // Anything else is the handler's catch-all, as in the extension: a 500 that names the error.
      return extensionError(500, 'Something went wrong while processing your request', {
        message: (error as Error)?.message ?? String(error),
        type: (error as Error)?.name ?? 'Error',
      });
    }
  }

  private async route(request: IncomingRequest, doing: (operation: ManagementOperation) => void): Promise<OutgoingResponse> {
    const segments = request.segments.map(decodeSegment);
    const [resource, ...rest] = segments;
    const method = request.method;
    const query = new QueryParameters(request.url.searchParams);
    switch (resource?.toLowerCase()) {
      case 'orchestrators':
        if (rest.length < 1 || rest.length > 2 || method !== 'POST') return NOT_FOUND;
        doing('start');
        return this.start(request, query, rest[0], rest[1]);
      case 'entities':
        if (rest.length > 2) return NOT_FOUND;
        if (method === 'GET' && rest.length === 2) {
          doing('readEntity');
          return this.readEntity(rest[0], rest[1]);
        }
        if (method === 'GET') {
          doing('listEntities');
          return this.listEntities(request, query, rest[0]);
        }
        if ((method === 'POST' || method === 'DELETE') && rest.length >= 1) {
          doing('signalEntity');
          return this.signalEntity(request, query, rest[0], rest[1] ?? '');
        }
        return NOT_FOUND;
      case 'instances':
        return this.instances(request, query, rest, doing);
    }
    return NOT_FOUND;
  }

  private async instances(request: IncomingRequest, query: QueryParameters, rest: string[], doing: (operation: ManagementOperation) => void): Promise<OutgoingResponse> {
    const method = request.method;
    if (rest.length === 0) {
      if (method === 'GET') {
        doing('query');
        return this.query(request, query);
      }
      if (method === 'DELETE') {
        doing('purgeWhere');
        return this.purgeWhere(query);
      }
      return NOT_FOUND;
    }
    const instanceId = rest[0];
    if (rest.length === 1) {
      if (method === 'GET') {
        doing('status');
        return this.status(request, query, instanceId);
      }
      if (method === 'DELETE') {
        doing('purge');
        return this.purge(instanceId);
      }
      return NOT_FOUND;
    }
    if (method !== 'POST') return NOT_FOUND;
    const operation = rest[1].toLowerCase();
    if (operation === 'raiseevent' && rest.length === 3) {
      doing('raiseEvent');
      return this.raiseEvent(request, instanceId, rest[2]);
    }
    if (rest.length !== 2) return NOT_FOUND;
    const reason = query.string('reason') ?? undefined;
    switch (operation) {
      case 'terminate':
        doing('terminate');
        this.engine.terminate(instanceId, reason);
        return { status: 202 };
      case 'suspend':
        doing('suspend');
        this.engine.suspend(instanceId, reason);
        return { status: 202 };
      case 'resume':
        doing('resume');
        this.engine.resume(instanceId, reason);
        return { status: 202 };
      case 'rewind':
        doing('rewind');
        this.engine.rewind(instanceId, reason);
        return { status: 202 };
      case 'restart': {
        doing('restart');
        const withNewId = query.boolean('restartWithNewInstanceId', true);
        const restarted = this.engine.restart(instanceId, withNewId ? newInstanceId() : undefined, { traceContext: this.callerTrace(request) });
        return this.checkStatusOrWait(restarted.instanceId, query);
      }
    }
    return NOT_FOUND;
  }

  private async start(request: IncomingRequest, query: QueryParameters, name: string, pathInstanceId: string | undefined): Promise<OutgoingResponse> {
    const input = startInput(request);
    const instanceId = pathInstanceId || newInstanceId();
    const version = query.string('version');
    this.engine.startNew(name, input, instanceId, { version: version === undefined ? undefined : version, traceContext: this.callerTrace(request) });
    return this.checkStatusOrWait(instanceId, query);
  }

  /**
   * With `timeout`, waits for the instance as WaitForCompletionOrCreateCheckStatusResponse does. This
   * host waits without polling, so, as the extension for providers that can, it needs no `pollingInterval`.
   */
  private async checkStatusOrWait(instanceId: string, query: QueryParameters): Promise<OutgoingResponse> {
    const timeout = query.seconds('timeout');
    if (timeout === undefined) return this.checkStatusResponse(instanceId);
    const finished = await this.engine.waitForCompletion(instanceId, timeout * 1000);
    if (!finished) return this.checkStatusResponse(instanceId);
    // Completed answers its output; Failed and Terminated answer their status, as a status request without returnInternalServerErrorOnFailure.
    if (finished.status === 'Completed') return json(200, finished.output === null ? null : JSON.parse(finished.output));
    return json(200, statusPayload(finished));
  }

  /** 202 with exactly the keys the extension's CreateCheckStatusResponse writes. */
  private checkStatusResponse(instanceId: string): OutgoingResponse {
    const urls = managementUrls(this.endpoints, instanceId);
    const body = {
      id: instanceId,
      statusQueryGetUri: urls.statusQueryGetUri,
      sendEventPostUri: urls.sendEventPostUri,
      terminatePostUri: urls.terminatePostUri,
      purgeHistoryDeleteUri: urls.purgeHistoryDeleteUri,
      restartPostUri: urls.restartPostUri,
      suspendPostUri: urls.suspendPostUri,
      resumePostUri: urls.resumePostUri,
    };
    return jsonResponse(202, body, { Location: urls.statusQueryGetUri, 'Retry-After': '10' });
  }

  private status(request: IncomingRequest, query: QueryParameters, instanceId: string): OutgoingResponse {
    const instance = this.engine.getInstance(instanceId);
    if (!instance) return NOT_FOUND;
    const showInput = query.boolean('showInput', true);
    const body = statusPayload(instance, {
      showInput,
      history: query.boolean('showHistory', false) && instance.status !== 'Pending' ? this.engine.getHistory(instanceId) : undefined,
      showHistoryOutput: query.boolean('showHistoryOutput', false),
    });
    if (!isTerminal(instance.status)) {
      // The extension points Location back at the request itself and asks for five seconds between polls.
      return jsonResponse(202, body, { Location: request.url.toString(), 'Retry-After': '5' });
    }
    const failedAsError = instance.status === 'Failed' && query.boolean('returnInternalServerErrorOnFailure', false);
    return jsonResponse(failedAsError ? 500 : 200, body);
  }

  private query(request: IncomingRequest, query: QueryParameters): OutgoingResponse {
    const top = query.integer('top');
    const result = this.paged(() =>
      this.engine.query({
        runtimeStatus: query.statuses(),
        createdTimeFrom: query.dateTime('createdTimeFrom'),
        createdTimeTo: query.dateTime('createdTimeTo'),
        instanceIdPrefix: query.string('instanceIdPrefix') || undefined,
        pageSize: top !== undefined && top > 0 ? top : 100,
        continuationToken: continuationToken(request),
      }),
    );
    const showInput = query.boolean('showInput', true);
    return page(
      result.instances.map((i) => statusPayload(i, { showInput })),
      result.continuationToken,
    );
  }

  private raiseEvent(request: IncomingRequest, instanceId: string, eventName: string): OutgoingResponse {
    const instance = this.engine.getInstance(instanceId);
    if (!instance) return NOT_FOUND;
    if (isTerminal(instance.status)) return { status: 410 };
    if (mediaType(request) !== 'application/json') return extensionError(400, 'Only application/json request content is supported');
    const text = request.body.toString('utf8');
    try {
      JSON.parse(text);
    } catch (error) {
      return extensionError(400, 'Invalid JSON content', { message: (error as Error).message, type: 'Newtonsoft.Json.JsonReaderException' });
    }
    this.engine.raiseEvent(instanceId, eventName, text.trim());
    return { status: 202 };
  }

  private purge(instanceId: string): OutgoingResponse {
    if (isEntitySchedulerId(instanceId)) {
      const deleted = this.engine.purgeEntity(instanceId);
      return deleted ? jsonResponse(200, { instancesDeleted: deleted }) : NOT_FOUND;
    }
    if (!this.engine.getInstance(instanceId)) return NOT_FOUND;
    return jsonResponse(200, { instancesDeleted: this.engine.purge(instanceId) });
  }

  private purgeWhere(query: QueryParameters): OutgoingResponse {
    const from = query.dateTime('createdTimeFrom');
    // The extension answers this one with a bare JSON string.
    if (from === undefined) return json(400, "Please provide value for 'createdTimeFrom' parameter.");
    const deleted = this.engine.purgeWhere({
      runtimeStatus: query.statuses(),
      createdTimeFrom: from,
      createdTimeTo: query.dateTime('createdTimeTo') ?? this.engine.clock.now(),
    });
    return deleted ? jsonResponse(200, { instancesDeleted: deleted }) : NOT_FOUND;
  }

  private readEntity(name: string, key: string): OutgoingResponse {
    const entity = this.engine.getEntity(name, key);
    if (!entity) return NOT_FOUND;
    return json(200, entity.state === null ? null : JSON.parse(entity.state));
  }

  private async signalEntity(request: IncomingRequest, query: QueryParameters, name: string, key: string): Promise<OutgoingResponse> {
    const operation = request.method === 'DELETE' ? 'delete' : (query.string('op') ?? '');
    let input: string | null = null;
    if (request.body.length) {
      const text = request.body.toString('utf8');
      if (mediaType(request) === 'application/json') {
        try {
          JSON.parse(text);
        } catch (error) {
          return extensionError(400, `Could not parse JSON content: ${(error as Error).message}`);
        }
        input = text.trim();
      } else {
        // Content of any other type reaches the entity as a string.
        input = JSON.stringify(text);
      }
    }
    await this.engine.signalEntity(name, key, operation, input, { traceContext: this.callerTrace(request) });
    return { status: 202 };
  }

  private listEntities(request: IncomingRequest, query: QueryParameters, name: string | undefined): OutgoingResponse {
    const top = query.integer('top');
    const result = this.paged(() =>
      this.engine.queryEntities({
        name: name || undefined,
        lastOperationFrom: query.dateTime('lastOperationTimeFrom'),
        lastOperationTo: query.dateTime('lastOperationTimeTo'),
        pageSize: top !== undefined && top > 0 ? top : 100,
        continuationToken: continuationToken(request),
      }),
    );
    const fetchState = query.boolean('fetchState', false);
    const body = result.entities.map((e) => {
      const id = parseEntitySchedulerId(e.entityId);
      return {
        entityId: { name: id?.name ?? e.name, key: e.key },
        lastOperationTime: new Date(e.lastModified).toISOString(),
        state: fetchState && e.state !== null ? JSON.parse(e.state) : null,
      };
    });
    return page(body, result.continuationToken);
  }

  /** A paged query; a continuation token that is not one of ours is a bad argument. */
  private paged<T>(query: () => T): T {
    try {
      return query();
    } catch (error) {
      if (error instanceof RangeError) {
        throw new ApiError(400, 'One or more of the arguments submitted is incorrect', { message: error.message, type: 'System.ArgumentException' });
      }
      throw error;
    }
  }

  /** The trace the caller is in: a W3C `traceparent` header, as the durable client sends it. */
  private callerTrace(request: IncomingRequest): TraceContext | undefined {
    return traceContextFromHeaders(request.headers);
  }
}

function newInstanceId(): string {
  return randomUUID().replace(/-/g, '');
}
