import { TableClient } from '@azure/data-tables';
import { EventType, type HistoryEvent } from '../../src/host/durable/model/history';
import type { HistoryFile } from '../../src/host/verify/HistoryFile';

/**
 * Writes histories into a task hub's tables the way the Durable Task Framework's Azure Storage
 * provider (DurableTask.AzureStorage, AzureTableTrackingStore) writes them, for tests against Azurite:
 * `<hub>History` one row per event (PartitionKey the escaped instance id, RowKey the sequence number
 * as 16 hex digits, EventType by name, ExecutionId, the event's fields, Timestamp as `_Timestamp`,
 * objects as JSON text, no nulls) plus a `sentinel` row; `<hub>Instances` one row per instance.
 */
export class TaskHubTables {
  readonly history: TableClient;
  readonly instances: TableClient;

  constructor(connectionString: string, hubName: string) {
    const options = { allowInsecureConnection: true };
    this.history = TableClient.fromConnectionString(connectionString, `${hubName}History`, options);
    this.instances = TableClient.fromConnectionString(connectionString, `${hubName}Instances`, options);
  }

  async create(): Promise<void> {
    await this.history.createTable();
    await this.instances.createTable();
  }

  /** The provider's PartitionKey escape (KeySanitation). */
  static partitionKey(instanceId: string): string {
    let out = '';
    for (const c of instanceId) {
      const code = c.charCodeAt(0);
      if (c === '^') out += '^^';
      else if ('/\\#?'.includes(c)) out += '^' + '/\\#?'.indexOf(c);
      else if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) out += '^' + String.fromCharCode(0xc0 + code);
      else out += c;
    }
    return out;
  }

  static rowKey(sequence: number): string {
    return sequence.toString(16).toUpperCase().padStart(16, '0');
  }

  /** A date as .NET writes it to the table: 100 ns digits. */
  static dateTime(iso: string): { value: string; type: 'DateTime' } {
    return { value: iso.replace(/\.(\d{3})Z$/, '.$10000Z'), type: 'DateTime' };
  }

  /** One event as the provider's row properties. */
  static eventProperties(event: HistoryEvent, instanceId: string, executionId: string): Record<string, unknown> {
    const row: Record<string, unknown> = { EventType: EventType[event.EventType], EventId: { value: event.EventId, type: 'Int32' }, IsPlayed: event.IsPlayed };
    row._Timestamp = TaskHubTables.dateTime(event.Timestamp);
    for (const [key, value] of Object.entries(event)) {
      if (['EventType', 'EventId', 'IsPlayed', 'Timestamp', 'Host'].includes(key) || value === null || value === undefined) continue;
      if (key === 'TaskScheduledId' || key === 'TimerId') row[key] = { value, type: 'Int32' };
      else if (key === 'FireAt') row[key] = TaskHubTables.dateTime(value as string);
      else if (key === 'ParentInstance') {
        const parent = value as { InstanceId: string; TaskScheduleId: number; Name: string };
        row[key] = JSON.stringify({ Name: parent.Name, Version: '', TaskScheduleId: parent.TaskScheduleId, OrchestrationInstance: { InstanceId: parent.InstanceId, ExecutionId: '' } });
      } else row[key] = typeof value === 'object' ? JSON.stringify(value) : value;
    }
    if (event.EventType === EventType.ExecutionStarted) row.OrchestrationInstance = JSON.stringify({ InstanceId: instanceId, ExecutionId: executionId });
    return row;
  }

  /** The instance's rows and its instances-table row; `extraRows` lets a test leave rows of an older execution behind. */
  async write(file: HistoryFile, options: { instanceId?: string; status?: string; extraRows?: Record<string, unknown>[]; eventEdits?: (row: Record<string, unknown>, index: number) => void } = {}): Promise<void> {
    const instanceId = options.instanceId ?? file.instanceId;
    const executionId = file.executionId ?? 'execution-1';
    const partitionKey = TaskHubTables.partitionKey(instanceId);
    const rows = file.history.map((event, i) => {
      const row = { partitionKey, rowKey: TaskHubTables.rowKey(i), ExecutionId: executionId, ...TaskHubTables.eventProperties(event, instanceId, executionId) };
      options.eventEdits?.(row, i);
      return row;
    });
    for (const row of [...rows, ...(options.extraRows ?? []).map((r) => ({ partitionKey, ...r })), { partitionKey, rowKey: 'sentinel', ExecutionId: executionId }]) {
      await this.history.upsertEntity(row as { partitionKey: string; rowKey: string }, 'Replace');
    }
    const started = file.history.find((e) => e.EventType === EventType.ExecutionStarted);
    await this.instances.upsertEntity(
      {
        partitionKey,
        rowKey: '',
        Name: file.name,
        Version: '',
        RuntimeStatus: options.status ?? file.runtimeStatus ?? 'Running',
        ExecutionId: executionId,
        Input: started?.Input ?? '',
        CreatedTime: { value: started?.Timestamp ?? new Date().toISOString(), type: 'DateTime' },
        LastUpdatedTime: { value: file.history[file.history.length - 1]?.Timestamp ?? new Date().toISOString(), type: 'DateTime' },
      },
      'Replace',
    );
  }
}
