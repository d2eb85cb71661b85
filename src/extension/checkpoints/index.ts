export type { CheckpointStore, ProcessingStatus, WorkflowCheckpoint } from './WorkflowCheckpoint';
export { DEFAULT_CHECKPOINT_TABLE, TableCheckpointStore } from './TableCheckpointStore';
