/*
 * Where the resilient chain keeps its checkpoints: Azure Table Storage from the AzureWebJobsStorage
 * connection (Azurite locally), created on first use so that the setting can come from the host.
 * setChainCheckpointStore swaps it (tests); it returns the previous store.
 */
import { type CheckpointStore, TableCheckpointStore } from '../../src/extension';

let current: CheckpointStore | undefined;

export function chainCheckpoints(): CheckpointStore {
  current ??= TableCheckpointStore.fromAppSetting('AzureWebJobsStorage');
  return current;
}

export function setChainCheckpointStore(store: CheckpointStore | undefined): CheckpointStore | undefined {
  const previous = current;
  current = store;
  return previous;
}
