import type { BlobServiceClient } from '@azure/storage-blob';
import type { QueueServiceClient } from '@azure/storage-queue';
import type { TableClient } from '@azure/data-tables';
import type { BindingInfo } from '../worker/functionsCore';
import type { TypedData } from '../worker/typedData';
import { storageConnectionString } from '../storage/storageConnection';
import { resolveBindingExpression } from './bindingExpressions';

/** A storage binding whose configuration or data cannot work (no path, no keys): the invocation fails with this. */
export class BindingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BindingError';
  }
}

// Few, quick retries: a binding that cannot reach its storage should fail the invocation soon, with the reason.
const RETRY = { maxTries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 };

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number })?.statusCode;
}

/** The text or bytes an output binding was given, as the worker sent it. */
function payload(data: TypedData): Buffer {
  if (data.bytes) return Buffer.from(data.bytes);
  if (data.stream) return Buffer.from(data.stream);
  if (data.string !== undefined && data.string !== null) return Buffer.from(data.string, 'utf8');
  if (data.json !== undefined && data.json !== null) return Buffer.from(data.json, 'utf8');
  if (data.int !== undefined && data.int !== null) return Buffer.from(String(data.int));
  if (data.double !== undefined && data.double !== null) return Buffer.from(String(data.double));
  return Buffer.alloc(0);
}

function jsonValue(data: TypedData): unknown {
  if (data.json !== undefined && data.json !== null) return JSON.parse(data.json);
  if (data.string !== undefined && data.string !== null) {
    try {
      return JSON.parse(data.string);
    } catch {
      return data.string;
    }
  }
  return undefined;
}

/** `container/path/to/blob`, resolved. */
function blobLocation(binding: BindingInfo, data: Record<string, unknown>): { container: string; blob: string } {
  const path = resolveBindingExpression(String(binding.path ?? ''), data).replace(/^\/+/, '');
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw new BindingError(`The blob binding's path '${binding.path}' must be 'container/blob'.`);
  return { container: path.substring(0, slash), blob: path.substring(slash + 1) };
}

/** A table entity as the Functions host hands it to a Node function: PartitionKey, RowKey, Timestamp and the properties. */
function toBindingEntity(entity: object): Record<string, unknown> {
  const { partitionKey, rowKey, timestamp, etag: _etag, ...rest } = entity as Record<string, unknown>;
  const properties = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('odata.')));
  return { PartitionKey: partitionKey, RowKey: rowKey, ...(timestamp ? { Timestamp: timestamp } : {}), ...properties };
}

function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Blob input and output, queue output, and table input and output, through the Azure Storage SDKs
 * against each binding's connection (Azurite locally), as the Functions host's storage extensions do.
 */
export class StorageBindings {
  private readonly blobs = new Map<string, BlobServiceClient>();
  private readonly queues = new Map<string, QueueServiceClient>();

  constructor(private readonly queueEncoding: 'base64' | 'none' = 'base64') {}

  private blobService(binding: BindingInfo): BlobServiceClient {
    const connection = storageConnectionString(binding.connection);
    let client = this.blobs.get(connection);
    if (!client) {
      // Required on first use: an app without blob bindings never loads the SDK.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const sdk = require('@azure/storage-blob') as typeof import('@azure/storage-blob');
      client = sdk.BlobServiceClient.fromConnectionString(connection, { retryOptions: RETRY });
      this.blobs.set(connection, client);
    }
    return client;
  }

  private queueService(binding: BindingInfo): QueueServiceClient {
    const connection = storageConnectionString(binding.connection);
    let client = this.queues.get(connection);
    if (!client) {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const sdk = require('@azure/storage-queue') as typeof import('@azure/storage-queue');
      client = sdk.QueueServiceClient.fromConnectionString(connection, { retryOptions: RETRY });
      this.queues.set(connection, client);
    }
    return client;
  }

  private table(binding: BindingInfo, data: Record<string, unknown>): TableClient {
    const name = resolveBindingExpression(String(binding.tableName ?? ''), data);
    if (!name) throw new BindingError('The table binding needs a tableName.');
    // Azurite speaks plain HTTP on loopback; the SDK refuses that for a shared key unless told.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const sdk = require('@azure/data-tables') as typeof import('@azure/data-tables');
    return sdk.TableClient.fromConnectionString(storageConnectionString(binding.connection), name, { allowInsecureConnection: true, retryOptions: RETRY });
  }

  /** A blob input: its content (bytes, or text with dataType 'string'), or nothing when there is no such blob. */
  async readBlob(binding: BindingInfo, data: Record<string, unknown>): Promise<TypedData | undefined> {
    const { container, blob } = blobLocation(binding, data);
    try {
      const content = await this.blobService(binding).getContainerClient(container).getBlobClient(blob).downloadToBuffer();
      return String(binding.dataType ?? '').toLowerCase() === 'string' ? { string: content.toString('utf8') } : { bytes: content };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async writeBlob(binding: BindingInfo, data: Record<string, unknown>, value: TypedData): Promise<void> {
    const { container, blob } = blobLocation(binding, data);
    const containerClient = this.blobService(binding).getContainerClient(container);
    await containerClient.createIfNotExists();
    const body = payload(value);
    await containerClient.getBlockBlobClient(blob).upload(body, body.length);
  }

  /** A queue output: one message, or one per element of an array; objects as JSON, base64-encoded unless host.json says none. */
  async sendToQueue(binding: BindingInfo, data: Record<string, unknown>, value: TypedData): Promise<void> {
    const name = resolveBindingExpression(String(binding.queueName ?? ''), data).toLowerCase();
    if (!name) throw new BindingError('The queue output binding needs a queueName.');
    const parsed = value.json !== undefined && value.json !== null ? (JSON.parse(value.json) as unknown) : undefined;
    const messages: Buffer[] = Array.isArray(parsed)
      ? parsed.map((item) => Buffer.from(typeof item === 'string' ? item : JSON.stringify(item), 'utf8'))
      : [payload(value)];
    const queue = this.queueService(binding).getQueueClient(name);
    await queue.createIfNotExists();
    for (const message of messages) await queue.sendMessage(this.queueEncoding === 'base64' ? message.toString('base64') : message.toString('utf8'));
  }

  /** A table input: one entity (partitionKey and rowKey), null when there is none; or the entities a partition and filter select, up to `take`. */
  async readTable(binding: BindingInfo, data: Record<string, unknown>): Promise<TypedData> {
    const table = this.table(binding, data);
    const partitionKey = binding.partitionKey === undefined ? undefined : resolveBindingExpression(String(binding.partitionKey), data);
    const rowKey = binding.rowKey === undefined ? undefined : resolveBindingExpression(String(binding.rowKey), data);
    if (partitionKey !== undefined && rowKey !== undefined) {
      try {
        return { json: JSON.stringify(toBindingEntity(await table.getEntity(partitionKey, rowKey))) };
      } catch (error) {
        if (statusOf(error) === 404) return { json: 'null' };
        throw error;
      }
    }
    const filters: string[] = [];
    if (partitionKey !== undefined) filters.push(`PartitionKey eq ${odataString(partitionKey)}`);
    if (binding.filter) filters.push(`(${resolveBindingExpression(String(binding.filter), data)})`);
    const take = Number(binding.take) > 0 ? Number(binding.take) : Infinity;
    const entities: Record<string, unknown>[] = [];
    try {
      for await (const entity of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: filters.length ? filters.join(' and ') : undefined } })) {
        entities.push(toBindingEntity(entity));
        if (entities.length >= take) break;
      }
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    return { json: JSON.stringify(entities) };
  }

  /** A table output: an entity or an array of them, each with PartitionKey and RowKey (or the binding's), inserted or replaced. */
  async writeTable(binding: BindingInfo, data: Record<string, unknown>, value: TypedData): Promise<void> {
    const parsed = jsonValue(value);
    const items = Array.isArray(parsed) ? parsed : [parsed];
    const table = this.table(binding, data);
    await table.createTable();
    for (const item of items) {
      if (!item || typeof item !== 'object') throw new BindingError(`A table output binding takes objects with PartitionKey and RowKey, not ${JSON.stringify(item)}.`);
      const { PartitionKey, RowKey, partitionKey, rowKey, ...properties } = item as Record<string, unknown>;
      const pk = PartitionKey ?? partitionKey ?? (binding.partitionKey === undefined ? undefined : resolveBindingExpression(String(binding.partitionKey), data));
      const rk = RowKey ?? rowKey ?? (binding.rowKey === undefined ? undefined : resolveBindingExpression(String(binding.rowKey), data));
      if (typeof pk !== 'string' || typeof rk !== 'string') throw new BindingError('An entity for a table output binding needs a PartitionKey and a RowKey (strings).');
      await table.upsertEntity({ partitionKey: pk, rowKey: rk, ...properties }, 'Replace');
    }
  }
}
