// Every call goes to the standard Durable management API and the Functions host's admin API of the
// app the page was served for (by the host itself, or by `durable-host dashboard` forwarding them).

/** The key, when the page was opened with ?code=KEY (the host with --enable-auth). */
const code = new URLSearchParams(location.search).get('code');
/** The page lives at <app>/runtime/webhooks/durabletask/dashboard/; the API is its parent. */
export const MANAGEMENT_PATH = location.pathname.replace(/\/dashboard(\/.*)?$/i, '');
const CONTINUATION_HEADER = 'x-ms-continuation-token';

export interface Answer<T = unknown> {
  status: number;
  ok: boolean;
  body: T;
  text: string;
  continuationToken?: string;
}

export interface HistoryEvent {
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
  ParentInstance?: { InstanceId?: string; OrchestrationInstance?: { InstanceId?: string } } | null;
  /** The extension's condensed history: a completion's function and when it was scheduled. */
  FunctionName?: string;
  ScheduledTime?: string;
}

export interface Instance {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: HistoryEvent[];
}

export interface EntityRow {
  entityId: { name: string; key: string };
  lastOperationTime: string;
  state?: unknown;
}

export interface FunctionInfo {
  name: string;
  invoke_url_template: string | null;
  isDisabled: boolean;
  config: { bindings?: Record<string, unknown>[] };
}

export const STATUSES = ['Pending', 'Running', 'Suspended', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew'];
export const TERMINAL = new Set(['Completed', 'Failed', 'Terminated']);

type Query = Record<string, string | number | boolean | undefined>;

async function call<T>(method: string, path: string, options: { query?: Query; body?: string; continuationToken?: string } = {}): Promise<Answer<T>> {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  const headers: Record<string, string> = {};
  if (code) headers['x-functions-key'] = code;
  if (options.continuationToken) headers[CONTINUATION_HEADER] = options.continuationToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: options.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the text it is.
  }
  return { status: res.status, ok: res.ok, body: body as T, text, continuationToken: res.headers.get(CONTINUATION_HEADER) || undefined };
}

const management = <T>(method: string, path: string, options?: Parameters<typeof call>[2]) => call<T>(method, `${MANAGEMENT_PATH}${path}`, options);
const id = encodeURIComponent;

export interface InstanceFilter {
  statuses: string[];
  prefix: string;
  from: string;
  to: string;
}

function filterQuery(filter: InstanceFilter): Query {
  return {
    runtimeStatus: filter.statuses.join(','),
    instanceIdPrefix: filter.prefix,
    createdTimeFrom: filter.from ? new Date(filter.from).toISOString() : undefined,
    createdTimeTo: filter.to ? new Date(filter.to).toISOString() : undefined,
  };
}

export const api = {
  queryInstances: (filter: InstanceFilter, top: number, continuationToken?: string) =>
    management<Instance[]>('GET', '/instances', { query: { ...filterQuery(filter), top }, continuationToken }),
  instance: (instanceId: string) => management<Instance>('GET', `/instances/${id(instanceId)}`, { query: { showHistory: true, showHistoryOutput: true, showInput: true } }),
  raiseEvent: (instanceId: string, event: string, data: string | undefined) => management('POST', `/instances/${id(instanceId)}/raiseEvent/${id(event)}`, { body: data }),
  operate: (instanceId: string, operation: string, reason: string | undefined) => management('POST', `/instances/${id(instanceId)}/${operation}`, { query: { reason } }),
  restart: (instanceId: string, newId: boolean) => management<{ id: string }>('POST', `/instances/${id(instanceId)}/restart`, { query: { restartWithNewInstanceId: newId } }),
  purge: (instanceId: string) => management<{ instancesDeleted: number }>('DELETE', `/instances/${id(instanceId)}`),
  entities: (name: string, top: number, continuationToken?: string) =>
    management<EntityRow[]>('GET', name ? `/entities/${id(name)}` : '/entities', { query: { fetchState: true, top }, continuationToken }),
  entity: (name: string, key: string) => management('GET', `/entities/${id(name)}/${id(key)}`),
  signal: (name: string, key: string, operation: string, input: string | undefined) => management('POST', `/entities/${id(name)}/${id(key)}`, { query: { op: operation }, body: input }),
  functions: () => call<FunctionInfo[]>('GET', '/admin/functions'),
};

/** Counts instances of one status (and the other filters), reading at most `maxPages` pages of 1,000; `capped` when there are more. */
export async function countInstances(filter: InstanceFilter, status: string, name: string, maxPages = 10): Promise<{ count: number; capped: boolean } | undefined> {
  let count = 0;
  let pages = 0;
  let token: string | undefined;
  const wanted = name.trim().toLowerCase();
  do {
    const page = await api.queryInstances({ ...filter, statuses: [status] }, 1000, token);
    if (!page.ok) return undefined;
    count += wanted ? page.body.filter((i) => i.name.toLowerCase() === wanted).length : page.body.length;
    token = page.continuationToken;
  } while (token && ++pages < maxPages);
  return { count, capped: token !== undefined };
}

/** The key query to keep on links that leave the page's hash (none are needed inside it). */
export const keyQuery = code ? `?code=${encodeURIComponent(code)}` : '';
