import { StoreReader } from '../../durable/store/sqlite/StoreReader';
import type { RuntimeStatus } from '../../durable/model/instance';
import { historyFile } from '../HistoryFile';
import type { HistoryFilter, StoredHistory } from './StoredHistory';

/** The histories of a local store's instances, read without disturbing a host that runs on it. */
export function historiesFromLocalStore(storeFile: string, filter: HistoryFilter = {}, recordedAt = new Date()): StoredHistory[] {
  const reader = StoreReader.open(storeFile);
  try {
    const source = `local store ${storeFile}`;
    return reader.instances({ statuses: filter.statuses as RuntimeStatus[] | undefined, instanceIds: filter.instanceIds }).map((instance) => ({
      source,
      file: historyFile({
        instanceId: instance.instanceId,
        name: instance.name,
        executionId: instance.executionId,
        runtimeStatus: instance.status,
        recordedAt: recordedAt.toISOString(),
        source,
        history: reader.history(instance.instanceId),
      }),
    }));
  } finally {
    reader.close();
  }
}
