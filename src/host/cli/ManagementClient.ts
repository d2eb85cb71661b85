/** The standard Durable management API (`/runtime/webhooks/durabletask/`), as any Function App serves it. */
export const WEBHOOK_PATH = '/runtime/webhooks/durabletask';
export const CONTINUATION_HEADER = 'x-ms-continuation-token';

/** The management API answered with an error status; `message` is its own explanation. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Nothing answered at the URL (refused, unknown host, timed out). */
export class UnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}

export interface HistoryEventPayload {
  EventType: string;
  EventId?: number;
  Timestamp: string;
  Name?: string;
  InstanceId?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  Reason?: string;
  Details?: string;
  Input?: unknown;
  Result?: unknown;
  [field: string]: unknown;
}

export interface InstanceStatus {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: HistoryEventPayload[];
}

export interface InstanceFilter {
  runtimeStatus?: string[];
  createdTimeFrom?: Date;
  createdTimeTo?: Date;
  instanceIdPrefix?: string;
}

export interface EntityPayload {
  entityId: { name: string; key: string };
  lastOperationTime: string;
  state?: unknown;
}

export interface Page<T> {
  items: T[];
  continuationToken?: string;
}

/** The 202 payload of a start or restart: the new instance's id and its management links. */
export interface CheckStatusPayload {
  id: string;
  statusQueryGetUri: string;
  [link: string]: string;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

function filterQuery(filter: InstanceFilter): Record<string, string | undefined> {
  return {
    runtimeStatus: filter.runtimeStatus?.length ? filter.runtimeStatus.join(',') : undefined,
    createdTimeFrom: filter.createdTimeFrom?.toISOString(),
    createdTimeTo: filter.createdTimeTo?.toISOString(),
    instanceIdPrefix: filter.instanceIdPrefix || undefined,
  };
}

const segment = encodeURIComponent;

/** A client of the management API; the key, when given, goes in the `x-functions-key` header. */
export class ManagementClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly key?: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async queryInstances(filter: InstanceFilter, pageSize: number, continuationToken?: string): Promise<Page<InstanceStatus>> {
    const res = await this.call('GET', '/instances', { query: { ...filterQuery(filter), top: String(pageSize) }, continuationToken });
    return { items: res.body as InstanceStatus[], continuationToken: res.headers.get(CONTINUATION_HEADER) || undefined };
  }

  async getInstance(instanceId: string, options: { history?: boolean } = {}): Promise<InstanceStatus> {
    const query = options.history ? { showHistory: 'true', showHistoryOutput: 'true', showInput: 'true' } : { showInput: 'true' };
    return (await this.call('GET', `/instances/${segment(instanceId)}`, { query, about: instanceSubject(instanceId) })).body as InstanceStatus;
  }

  async start(name: string, instanceId: string | undefined, input: string | undefined): Promise<CheckStatusPayload> {
    const path = `/orchestrators/${segment(name)}${instanceId === undefined ? '' : `/${segment(instanceId)}`}`;
    return (await this.call('POST', path, { body: input })).body as CheckStatusPayload;
  }

  async raiseEvent(instanceId: string, eventName: string, data: string | undefined): Promise<void> {
    await this.call('POST', `/instances/${segment(instanceId)}/raiseEvent/${segment(eventName)}`, { body: data, about: instanceSubject(instanceId) });
  }

  /** terminate, suspend, resume or rewind. */
  async operate(instanceId: string, operation: 'terminate' | 'suspend' | 'resume' | 'rewind', reason: string | undefined): Promise<void> {
    await this.call('POST', `/instances/${segment(instanceId)}/${operation}`, { query: { reason }, about: instanceSubject(instanceId) });
  }

  async restart(instanceId: string, withNewInstanceId: boolean, reason?: string): Promise<CheckStatusPayload> {
    const res = await this.call('POST', `/instances/${segment(instanceId)}/restart`, { query: { restartWithNewInstanceId: String(withNewInstanceId), reason }, about: instanceSubject(instanceId) });
    return res.body as CheckStatusPayload;
  }

  async purge(instanceId: string): Promise<number> {
    return ((await this.call('DELETE', `/instances/${segment(instanceId)}`, { about: instanceSubject(instanceId) })).body as { instancesDeleted: number }).instancesDeleted;
  }

  async purgeWhere(filter: InstanceFilter): Promise<number> {
    return ((await this.call('DELETE', '/instances', { query: filterQuery(filter) })).body as { instancesDeleted: number }).instancesDeleted;
  }

  async queryEntities(options: { name?: string; fetchState?: boolean; pageSize: number }, continuationToken?: string): Promise<Page<EntityPayload>> {
    const path = options.name ? `/entities/${segment(options.name)}` : '/entities';
    const res = await this.call('GET', path, { query: { fetchState: options.fetchState ? 'true' : undefined, top: String(options.pageSize) }, continuationToken });
    return { items: res.body as EntityPayload[], continuationToken: res.headers.get(CONTINUATION_HEADER) || undefined };
  }

  async getEntity(name: string, key: string): Promise<unknown> {
    return (await this.call('GET', `/entities/${segment(name)}/${segment(key)}`, { about: { notFound: `No entity '${name}' with key '${key}' exists.` } })).body;
  }

  async signalEntity(name: string, key: string, operation: string, input: string | undefined): Promise<void> {
    await this.call('POST', `/entities/${segment(name)}/${segment(key)}`, { query: { op: operation }, body: input });
  }

  private async call(
    method: string,
    path: string,
    options: { query?: Record<string, string | undefined>; body?: string; continuationToken?: string; about?: Subject } = {},
  ): Promise<Answer> {
    const url = new URL(`${this.baseUrl}${WEBHOOK_PATH}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
    const headers: Record<string, string> = {};
    if (this.key) headers['x-functions-key'] = this.key;
    if (options.continuationToken) headers[CONTINUATION_HEADER] = options.continuationToken;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: options.body });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new UnreachableError(`Could not reach ${this.baseUrl} (${cause?.code ?? cause?.message ?? (error as Error).message}). Is the app running there? Pass --url to point at another one.`);
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text.
    }
    if (res.status >= 400) throw new ApiError(res.status, errorMessage(res.status, body, options.about));
    return { status: res.status, headers: res.headers, body };
  }
}

/** What a 404 or 410 without a body (the extension sends none) is about. */
interface Subject {
  notFound?: string;
  gone?: string;
}

function instanceSubject(instanceId: string): Subject {
  return { notFound: `No instance with ID '${instanceId}' was found.`, gone: `The instance '${instanceId}' has finished and no longer takes this operation.` };
}

/** The text of an error body: the extension's `ExceptionMessage` or `Message`, a host's `message`, or plain text. */
function bodyMessage(body: unknown): string {
  if (typeof body === 'string') return body.trim();
  if (typeof body !== 'object' || body === null) return '';
  const fields = body as { ExceptionMessage?: unknown; Message?: unknown; message?: unknown };
  for (const value of [fields.ExceptionMessage, fields.Message, fields.message]) if (typeof value === 'string' && value) return value;
  return '';
}

/** The API's own message when it sent one (else what the call was about), with a hint for a missing key. */
function errorMessage(status: number, body: unknown, about: Subject = {}): string {
  const own = bodyMessage(body) || (status === 404 ? about.notFound : status === 410 ? about.gone : undefined) || '';
  if (status === 401 || status === 403) {
    return `${own || 'The app refused the request'} (HTTP ${status}). Pass the durable-task key (or the master key) with --key or DURABLE_HOST_KEY.`;
  }
  return own ? `${own} (HTTP ${status})` : `The management API answered HTTP ${status}.`;
}
