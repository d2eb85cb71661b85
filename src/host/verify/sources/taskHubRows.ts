import { EventType, type HistoryEvent } from '../../durable/model/history';

/**
 * The Durable Task Framework's Azure Storage provider (DurableTask.AzureStorage) keeps each instance's
 * history in the table `<hub>History`: PartitionKey the instance id (escaped), RowKey the event's
 * sequence number as 16 hex digits, one row per event with `EventType` as its name, `ExecutionId`,
 * the event's fields as properties (`Timestamp` renamed `_Timestamp`, objects as JSON text), a
 * `sentinel` row per instance, and properties too large for a row moved to blobs (`<Property>BlobName`).
 */

/** The provider's escape for characters a PartitionKey cannot hold. */
export function escapePartitionKey(key: string): string {
  let out = '';
  for (const c of key) {
    const code = c.charCodeAt(0);
    if (c === '^') out += '^^';
    else if (c === '/') out += '^0';
    else if (c === '\\') out += '^1';
    else if (c === '#') out += '^2';
    else if (c === '?') out += '^3';
    else if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) out += '^' + String.fromCharCode(0xc0 + code);
    else out += c;
  }
  return out;
}

export function unescapePartitionKey(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (c !== '^') {
      out += c;
      continue;
    }
    const next = key[++i] ?? '';
    const plain: Record<string, string> = { '^': '^', '0': '/', '1': '\\', '2': '#', '3': '?' };
    out += plain[next] ?? String.fromCharCode(next.charCodeAt(0) >= 0xc0 ? next.charCodeAt(0) - 0xc0 : next.charCodeAt(0));
  }
  return out;
}

/** A table value as @azure/data-tables hands it with type conversion off: `{ value, type }`. */
interface TypedValue {
  value: unknown;
  type: string;
}

export type TableRow = Record<string, unknown>;

/** A row whose event keeps a property in a blob, which verify does not read. */
export class LargeMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LargeMessageError';
  }
}

// Properties of the row, not of the event.
const ROW_PROPERTIES = new Set(['partitionKey', 'rowKey', 'timestamp', 'etag', 'odata.etag', 'ExecutionId']);
// Event fields the provider stores as JSON text (DataContract objects).
const OBJECT_PROPERTIES = new Set(['ParentInstance', 'OrchestrationInstance', 'FailureDetails', 'Tags', 'Correlation']);

function plainValue(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || !('type' in raw)) return raw;
  const { value, type } = raw as TypedValue;
  switch (type) {
    case 'Int32':
    case 'Int64':
    case 'Double':
      return Number(value);
    case 'DateTime':
      // Kept as the service wrote it (100 ns digits included), as the extension hands it to the SDK.
      return String(value);
    default:
      return value;
  }
}

/** The sequence number a history row's RowKey holds. */
export function rowSequence(rowKey: string): number {
  return /^[0-9A-Fa-f]{16}$/.test(rowKey) ? parseInt(rowKey, 16) : Number.NaN;
}

/** One history row as the event the orchestrator is handed. */
export function historyEventFromRow(row: TableRow): HistoryEvent {
  const event: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(row)) {
    if (ROW_PROPERTIES.has(key)) continue;
    const value = plainValue(raw);
    if (key.endsWith('BlobName')) {
      if (typeof value === 'string' && value) {
        const property = key.slice(0, -'BlobName'.length);
        throw new LargeMessageError(
          `event ${rowSequence(String(row.rowKey))} (${String(plainValue(row.EventType))}) keeps its ${property} in the blob '${value}' (a large message); verify does not read large messages`,
        );
      }
      continue;
    }
    if (key === '_Timestamp') event.Timestamp = value;
    else if (key === 'EventType') event.EventType = (EventType as unknown as Record<string, number>)[String(value)] ?? Number(value);
    else if (OBJECT_PROPERTIES.has(key) && typeof value === 'string') event[key] = JSON.parse(value);
    else event[key] = value;
  }
  if (typeof event.EventType !== 'number' || Number.isNaN(event.EventType)) {
    throw new Error(`row ${String(row.rowKey)} has no EventType the Durable Task Framework knows (${JSON.stringify(plainValue(row.EventType))})`);
  }
  event.EventId ??= -1;
  event.IsPlayed ??= true;
  return event as unknown as HistoryEvent;
}

/**
 * The current execution's history from an instance's rows: in sequence order, without the sentinel,
 * up to the first row of another execution (a continue-as-new rewrites rows from 0 and leaves the
 * old execution's later rows behind).
 */
export function currentExecutionRows(rows: TableRow[]): { executionId?: string; rows: TableRow[] } {
  const events = rows.filter((r) => r.rowKey !== 'sentinel').sort((a, b) => rowSequence(String(a.rowKey)) - rowSequence(String(b.rowKey)));
  const executionId = events.length ? String(plainValue(events[0].ExecutionId)) : undefined;
  const current: TableRow[] = [];
  for (const row of events) {
    if (String(plainValue(row.ExecutionId)) !== executionId) break;
    current.push(row);
  }
  return { executionId, rows: current };
}

export { plainValue };
