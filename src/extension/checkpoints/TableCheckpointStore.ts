import { TableClient } from '@azure/data-tables';
import type { CheckpointStore, ProcessingStatus, WorkflowCheckpoint } from './WorkflowCheckpoint';

interface CheckpointEntity {
  partitionKey: string;
  rowKey: string;
  lastProcessedId?: string;
  processingStatus: ProcessingStatus;
  processingStage: string;
  lastUpdated: string;
}

export const DEFAULT_CHECKPOINT_TABLE = 'WorkflowCheckpoints';
// Characters Table Storage refuses in a PartitionKey or RowKey.
const FORBIDDEN_KEY_CHARACTERS = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

function checkKey(key: string, what: string): string {
  if (!key || FORBIDDEN_KEY_CHARACTERS.test(key)) {
    throw new Error(`The checkpoint ${what} '${key}' cannot be a Table Storage key: it must be non-empty, without / \\ # ? or control characters.`);
  }
  return key;
}

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number })?.statusCode === 404;
}

/**
 * Checkpoints in Azure Table Storage: one entity per workflow run, PartitionKey = workflow name,
 * RowKey = key. The table is created on first use.
 */
export class TableCheckpointStore implements CheckpointStore {
  private tableReady?: Promise<void>;

  constructor(private readonly table: TableClient) {}

  /** From a storage connection string: `UseDevelopmentStorage=true`, an account key string, or one naming each endpoint. */
  static fromConnectionString(connectionString: string, tableName = DEFAULT_CHECKPOINT_TABLE): TableCheckpointStore {
    // The SDK refuses plain http unless told; an emulator such as Azurite serves http.
    const http = /(^|;)\s*(DefaultEndpointsProtocol\s*=\s*http\s*(;|$)|TableEndpoint\s*=\s*http:)/i.test(connectionString);
    return new TableCheckpointStore(TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: http }));
  }

  /** From the connection string in app setting `setting` (`AzureWebJobsStorage` by default). */
  static fromAppSetting(setting = 'AzureWebJobsStorage', tableName = DEFAULT_CHECKPOINT_TABLE): TableCheckpointStore {
    const connectionString = process.env[setting];
    if (!connectionString) throw new Error(`The app setting '${setting}' is not set: checkpoints need a storage connection string.`);
    return TableCheckpointStore.fromConnectionString(connectionString, tableName);
  }

  async read(workflow: string, key: string): Promise<WorkflowCheckpoint | undefined> {
    await this.ensureTable();
    let entity: CheckpointEntity;
    try {
      entity = await this.table.getEntity<CheckpointEntity>(checkKey(workflow, 'workflow'), checkKey(key, 'key'));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    return {
      lastProcessedId: entity.lastProcessedId ?? null,
      processingStatus: entity.processingStatus,
      processingStage: entity.processingStage,
      lastUpdated: entity.lastUpdated,
    };
  }

  async write(workflow: string, key: string, checkpoint: WorkflowCheckpoint): Promise<void> {
    await this.ensureTable();
    const entity: CheckpointEntity = {
      partitionKey: checkKey(workflow, 'workflow'),
      rowKey: checkKey(key, 'key'),
      processingStatus: checkpoint.processingStatus,
      processingStage: checkpoint.processingStage,
      lastUpdated: checkpoint.lastUpdated,
    };
    // Table Storage keeps no nulls: an absent property reads back as null.
    if (checkpoint.lastProcessedId !== null) entity.lastProcessedId = checkpoint.lastProcessedId;
    await this.table.upsertEntity(entity, 'Replace');
  }

  private ensureTable(): Promise<void> {
    this.tableReady ??= this.table.createTable().catch((error) => {
      this.tableReady = undefined;
      throw error;
    });
    return this.tableReady;
  }
}
