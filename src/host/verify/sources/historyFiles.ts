import path from 'node:path';
import { HistoryFileError, historyFilePaths, readHistoryFile } from '../HistoryFile';
import { type HistoryFilter, type StoredHistory, matchesFilter } from './StoredHistory';

/** The history files of a folder (or one file). A file that cannot be read is reported, not skipped. */
export function historiesFromFiles(location: string, filter: HistoryFilter = {}): StoredHistory[] {
  const out: StoredHistory[] = [];
  for (const file of historyFilePaths(location)) {
    const source = path.relative(process.cwd(), file) || file;
    try {
      const history = readHistoryFile(file);
      if (matchesFilter(history.instanceId, history.runtimeStatus, filter)) out.push({ source, file: history });
    } catch (error) {
      if (!(error instanceof HistoryFileError)) throw error;
      out.push({ source, instanceId: path.basename(file, '.json'), error: error.message });
    }
  }
  return out;
}
