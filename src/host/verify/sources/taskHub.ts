import { TableClient, odata } from '@azure/data-tables';
import { historyFile } from '../HistoryFile';
import { type HistoryFilter, type StoredHistory, matchesFilter } from './StoredHistory';
import { LargeMessageError, type TableRow, currentExecutionRows, escapePartitionKey, historyEventFromRow, plainValue, unescapePartitionKey } from './taskHubRows';

export interface TaskHubOptions {
  /** A storage connection string: an account key string, one naming each endpoint, or `UseDevelopmentStorage=true`. */
  connectionString: string;
  /** The task hub's name (host.json `extensions.durableTask.hubName`). */
  hubName: string;
}

/** Reading the task hub failed as a whole (no such tables, storage unreachable, refused credentials). */
export class TaskHubReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskHubReadError';
  }
}

function tableClient(connectionString: string, table: string): TableClient {
  // The SDK refuses plain http unless told; an emulator such as Azurite serves http.
  const http = /(^|;)\s*(UseDevelopmentStorage\s*=\s*true|DefaultEndpointsProtocol\s*=\s*http\s*(;|$)|TableEndpoint\s*=\s*http:)/i.test(connectionString);
  try {
    return TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: http });
  } catch (error) {
    throw new TaskHubReadError(`The storage connection string cannot be used: ${(error as Error).message}`);
  }
}

async function allRows(client: TableClient, filter?: string): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  // Type conversion off: values arrive as { value, type }, dates as the service wrote them.
  for await (const row of client.listEntities<TableRow>({ queryOptions: filter ? { filter } : undefined, disableTypeConversion: true })) rows.push(row);
  return rows;
}

function explain(error: unknown, table: string, hubName: string): TaskHubReadError {
  const status = (error as { statusCode?: number }).statusCode;
  const code = (error as { code?: string }).code;
  if (status === 404 || code === 'TableNotFound' || code === 'ResourceNotFound') {
    return new TaskHubReadError(`The table ${table} does not exist: is '${hubName}' the task hub's name (host.json extensions.durableTask.hubName)?`);
  }
  if (status === 403 || status === 401) return new TaskHubReadError(`Storage refused to let us read ${table} (${status}): check the connection string's key or SAS.`);
  return new TaskHubReadError(`Cannot read ${table}: ${(error as Error)?.message ?? error}`);
}

/** The instances table filter for the ids and statuses asked for (statuses as the provider writes them: `Running`). */
function instanceFilter(filter: HistoryFilter): string | undefined {
  const any = (clauses: string[]) => (clauses.length ? `(${clauses.join(' or ')})` : undefined);
  const ids = any((filter.instanceIds ?? []).map((id) => odata`PartitionKey eq ${escapePartitionKey(id)}`));
  const statuses = any((filter.statuses ?? []).map((status) => odata`RuntimeStatus eq ${status}`));
  return [ids, statuses].filter(Boolean).join(' and ') || undefined;
}

/**
 * The histories of a deployed app's task hub on the Azure Storage provider, read from its tables
 * (`<hub>Instances` for names and statuses, `<hub>History` for events) through @azure/data-tables.
 * Entities (instance ids starting with `@`) are left out: they have no orchestrator to replay.
 */
export async function historiesFromTaskHub(options: TaskHubOptions, filter: HistoryFilter = {}, recordedAt = new Date()): Promise<StoredHistory[]> {
  const instancesTable = `${options.hubName}Instances`;
  const historyTable = `${options.hubName}History`;
  const instances = tableClient(options.connectionString, instancesTable);
  const history = tableClient(options.connectionString, historyTable);
  const source = `Azure Storage task hub ${options.hubName}`;

  let instanceRows: TableRow[];
  try {
    instanceRows = await allRows(instances, instanceFilter(filter));
  } catch (error) {
    throw explain(error, instancesTable, options.hubName);
  }
  const out: StoredHistory[] = [];
  for (const row of instanceRows) {
    const instanceId = unescapePartitionKey(String(row.partitionKey));
    const name = String(plainValue(row.Name) ?? '');
    const runtimeStatus = String(plainValue(row.RuntimeStatus) ?? '');
    if (instanceId.startsWith('@') || !matchesFilter(instanceId, runtimeStatus, filter)) continue;
    let rows: TableRow[];
    try {
      rows = await allRows(history, odata`PartitionKey eq ${String(row.partitionKey)}`);
    } catch (error) {
      throw explain(error, historyTable, options.hubName);
    }
    const current = currentExecutionRows(rows);
    try {
      out.push({
        source,
        file: historyFile({
          instanceId,
          name,
          executionId: current.executionId ?? (plainValue(row.ExecutionId) as string | undefined),
          runtimeStatus,
          recordedAt: recordedAt.toISOString(),
          source,
          history: current.rows.map(historyEventFromRow),
        }),
      });
    } catch (error) {
      const message = error instanceof LargeMessageError ? `Its history cannot be read: ${error.message}.` : `Its history rows cannot be read: ${(error as Error).message}`;
      out.push({ source, instanceId, name, runtimeStatus, error: message });
    }
  }
  return out;
}
