export type ProcessingStatus = 'InProgress' | 'Completed' | 'Failed';

/** Where a multi-stage workflow got to, kept outside the orchestration so that a new run can resume. */
export interface WorkflowCheckpoint {
  /** The id of the last record a finished stage produced; null before any. */
  lastProcessedId: string | null;
  processingStatus: ProcessingStatus;
  /** The stage the status is about. */
  processingStage: string;
  /** ISO 8601 time of the write. */
  lastUpdated: string;
}

/** Reads and writes checkpoints by workflow name and key (for example a chain id). */
export interface CheckpointStore {
  read(workflow: string, key: string): Promise<WorkflowCheckpoint | undefined>;
  write(workflow: string, key: string, checkpoint: WorkflowCheckpoint): Promise<void>;
}
