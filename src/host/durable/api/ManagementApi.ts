import { randomUUID } from 'node:crypto';
import { type IncomingRequest, type OutgoingResponse, errorResponse, jsonResponse } from '../../http/HostHttpServer';
import type { DurableEngine } from '../engine/DurableEngine';
import { ApiError, responseForError } from './ApiError';
import { ALL_STATUSES, type InstanceRecord, type RuntimeStatus, isTerminal } from '../model/instance';
import { type ManagementEndpoints, managementUrls } from './clientBinding';
import { statusPayload } from './statusPayload';

const CONTINUATION_HEADER = 'x-ms-continuation-token';
const INSTANCE_OPERATIONS = new Set(['terminate', 'suspend', 'resume', 'rewind', 'restart']);

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(400, `The path segment '${segment}' is not valid percent-encoding.`);
  }
}

/** The JSON text of a body, or null for an empty one; 400 when it is not JSON. */
export function jsonBody(request: IncomingRequest): string | null {
  const text = request.body.toString('utf8').trim();
  if (!text) return null;
  try {
    JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `The request body is not valid JSON: ${(error as Error).message}`);
  }
  return text;
}

function flag(url: URL, name: string, fallback = false): boolean {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return fallback;
  return value.toLowerCase() === 'true';
}

function time(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (!value) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new ApiError(400, `${name} must be an ISO 8601 date and time, not '${value}'.`);
  return t;
}

function statuses(url: URL): RuntimeStatus[] | undefined {
  const value = url.searchParams.get('runtimeStatus');
  if (!value) return undefined;
  return value.split(',').map((raw) => {
    const name = raw.trim();
    const match = ALL_STATUSES.find((s) => s.toLowerCase() === name.toLowerCase());
    if (!match) throw new ApiError(400, `'${name}' is not a runtime status; use one of ${ALL_STATUSES.join(', ')}.`);
    return match;
  });
}

function seconds(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new ApiError(400, `${name} must be a number of seconds, not '${value}'.`);
  return n;
}

/** Runs a paged query with the request's `top` and continuation header; a bad value of either is a 400. */
function readPage<T>(request: IncomingRequest, query: (paging: { pageSize: number; continuationToken?: string }) => T): T {
  const top = request.url.searchParams.get('top');
  const pageSize = top ? Number(top) : 100;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new ApiError(400, `top must be a positive whole number, not '${top}'.`);
  const header = request.headers[CONTINUATION_HEADER];
  try {
    return query({ pageSize, continuationToken: (Array.isArray(header) ? header[0] : header) || undefined });
  } catch (error) {
    if (error instanceof RangeError) throw new ApiError(400, error.message);
    throw error;
  }
}

/** The Durable extension's HTTP management API, under /runtime/webhooks/durabletask/ (durable-protocol.md section 3). */
export class ManagementApi {
  constructor(
    private readonly engine: DurableEngine,
    private readonly endpoints: ManagementEndpoints,
  ) {}

  async handle(request: IncomingRequest): Promise<OutgoingResponse> {
    try {
      const response = await this.route(request);
      // Nothing is acknowledged before it would survive a power loss: one fsync covers every answer of its moment.
      await this.engine.durable();
      return response;
    } catch (error) {
      const response = responseForError(error);
      if (response) return response;
      throw error;
    }
  }

  private async route(request: IncomingRequest): Promise<OutgoingResponse> {
    const segments = request.segments.map(decodeSegment);
    const [resource, ...rest] = segments;
    const method = request.method;
    switch (resource?.toLowerCase()) {
      case 'orchestrators':
        if (rest.length < 1 || rest.length > 2) break;
        if (method !== 'POST') return errorResponse(405, 'Use POST to start an orchestration.');
        return this.start(request, rest[0], rest[1]);
      case 'instances':
        return this.instances(request, rest);
      case 'entities':
        return this.entities(request, rest);
    }
    return errorResponse(404, 'No management operation matches this route.');
  }

  private async instances(request: IncomingRequest, rest: string[]): Promise<OutgoingResponse> {
    const method = request.method;
    if (rest.length === 0) {
      if (method === 'GET') return this.query(request);
      if (method === 'DELETE') return this.purgeWhere(request);
      return errorResponse(405, 'Use GET to query instances or DELETE to purge them.');
    }
    const instanceId = rest[0];
    if (rest.length === 1) {
      if (method === 'GET') return this.status(request, instanceId);
      if (method === 'DELETE') return this.purge(instanceId);
      return errorResponse(405, 'Use GET for the status or DELETE to purge the instance.');
    }
    const operation = rest[1].toLowerCase();
    if (operation === 'raiseevent' && rest.length === 3) {
      if (method !== 'POST') return errorResponse(405, 'Use POST to raise an event.');
      this.engine.raiseEvent(instanceId, rest[2], jsonBody(request));
      return { status: 202 };
    }
    if (INSTANCE_OPERATIONS.has(operation) && rest.length === 2) {
      if (method !== 'POST') return errorResponse(405, `Use POST to ${operation} an instance.`);
      const reason = request.url.searchParams.get('reason') ?? undefined;
      switch (operation) {
        case 'terminate':
          this.engine.terminate(instanceId, reason);
          return { status: 202 };
        case 'suspend':
          this.engine.suspend(instanceId, reason);
          return { status: 202 };
        case 'resume':
          this.engine.resume(instanceId, reason);
          return { status: 202 };
        case 'rewind':
          this.engine.rewind(instanceId, reason);
          return { status: 202 };
        default: {
          const withNewId = request.url.searchParams.get('restartWithNewInstanceId')?.toLowerCase() !== 'false';
          const restarted = this.engine.restart(instanceId, withNewId ? randomUUID().replace(/-/g, '') : undefined);
          return this.checkStatusResponse(restarted.instanceId);
        }
      }
    }
    return errorResponse(404, 'No management operation matches this route.');
  }

  private entities(request: IncomingRequest, rest: string[]): OutgoingResponse {
    const method = request.method;
    if (rest.length <= 1) {
      if (method !== 'GET') return errorResponse(405, 'Use GET to list entities.');
      return this.listEntities(request, rest[0]);
    }
    if (rest.length !== 2) return errorResponse(404, 'No management operation matches this route.');
    const [name, key] = rest;
    if (method === 'GET') {
      const entity = this.engine.getEntity(name, key);
      if (!entity) return errorResponse(404, `No entity '@${name.toLowerCase()}@${key}' exists.`);
      return jsonResponse(200, entity.state === null ? null : JSON.parse(entity.state));
    }
    if (method === 'POST' || method === 'DELETE') {
      const op = method === 'DELETE' ? 'delete' : request.url.searchParams.get('op') ?? '';
      this.engine.signalEntity(name, key, op, jsonBody(request));
      return { status: 202 };
    }
    return errorResponse(405, 'Use GET to read an entity, POST to signal it, DELETE to delete it.');
  }

  private listEntities(request: IncomingRequest, name: string | undefined): OutgoingResponse {
    const url = request.url;
    const page = readPage(request, (paging) => this.engine.queryEntities({ name, ...paging }));
    const fetchState = flag(url, 'fetchState');
    const body = page.entities.map((e) => ({
      entityId: { name: e.name, key: e.key },
      lastOperationTime: new Date(e.lastModified).toISOString(),
      ...(fetchState ? { state: e.state === null ? null : JSON.parse(e.state) } : {}),
    }));
    return jsonResponse(200, body, page.continuationToken ? { [CONTINUATION_HEADER]: page.continuationToken } : {});
  }

  private async start(request: IncomingRequest, name: string, pathInstanceId: string | undefined): Promise<OutgoingResponse> {
    const input = jsonBody(request);
    const instanceId = pathInstanceId ?? randomUUID().replace(/-/g, '');
    const timeout = seconds(request.url, 'timeout');
    this.engine.startNew(name, input, instanceId);
    if (timeout !== undefined) {
      const finished = await this.engine.waitForCompletion(instanceId, timeout * 1000);
      if (finished) return this.finishedResponse(finished);
    }
    return this.checkStatusResponse(instanceId);
  }

  private finishedResponse(instance: InstanceRecord): OutgoingResponse {
    if (instance.status === 'Completed') return jsonResponse(200, instance.output === null ? null : JSON.parse(instance.output));
    return jsonResponse(instance.status === 'Failed' ? 500 : 200, statusPayload(instance));
  }

  private checkStatusResponse(instanceId: string): OutgoingResponse {
    const urls = managementUrls(this.endpoints, instanceId);
    const { id, ...links } = urls;
    return jsonResponse(202, { id, ...links }, { Location: urls.statusQueryGetUri, 'Retry-After': '10' });
  }

  private status(request: IncomingRequest, instanceId: string): OutgoingResponse {
    const instance = this.engine.getInstance(instanceId);
    if (!instance) return errorResponse(404, `No instance with ID '${instanceId}' was found.`);
    const url = request.url;
    const body = statusPayload(instance, {
      showInput: flag(url, 'showInput', true),
      history: flag(url, 'showHistory') ? this.engine.getHistory(instanceId) : undefined,
      showHistoryOutput: flag(url, 'showHistoryOutput'),
    });
    if (!isTerminal(instance.status)) {
      const location = managementUrls(this.endpoints, instanceId).statusQueryGetUri;
      return jsonResponse(202, body, { Location: location, 'Retry-After': '5' });
    }
    const failedAsError = instance.status === 'Failed' && flag(url, 'returnInternalServerErrorOnFailure');
    return jsonResponse(failedAsError ? 500 : 200, body);
  }

  private query(request: IncomingRequest): OutgoingResponse {
    const url = request.url;
    const page = readPage(request, (paging) =>
      this.engine.query({
        runtimeStatus: statuses(url),
        createdTimeFrom: time(url, 'createdTimeFrom'),
        createdTimeTo: time(url, 'createdTimeTo'),
        instanceIdPrefix: url.searchParams.get('instanceIdPrefix') ?? undefined,
        ...paging,
      }),
    );
    const showInput = flag(url, 'showInput');
    const body = page.instances.map((i) => statusPayload(i, { showInput }));
    return jsonResponse(200, body, page.continuationToken ? { [CONTINUATION_HEADER]: page.continuationToken } : {});
  }

  private purge(instanceId: string): OutgoingResponse {
    // The SDK reads 404 as "nothing purged"; the message says why (unknown, or still active).
    return jsonResponse(200, { instancesDeleted: this.engine.purge(instanceId) });
  }

  private purgeWhere(request: IncomingRequest): OutgoingResponse {
    const url = request.url;
    const deleted = this.engine.purgeWhere({
      runtimeStatus: statuses(url),
      createdTimeFrom: time(url, 'createdTimeFrom'),
      createdTimeTo: time(url, 'createdTimeTo'),
    });
    if (!deleted) return errorResponse(404, 'No completed, failed or terminated instance matches the filter.');
    return jsonResponse(200, { instancesDeleted: deleted });
  }
}
