/*
 * The pending work the hourly batch processes. The default is kept in-process (see InProcessPendingWork);
 * call setPendingWorkSource(impl) at load time, e.g. at the top of functions/batch/index.ts, to use a real
 * backlog. The setter returns the previous source, so a test can put it back.
 */
import { InProcessPendingWork } from './InProcessPendingWork';
import type { PendingWorkSource } from './PendingWork';

let current: PendingWorkSource = new InProcessPendingWork();

export function pendingWorkSource(): PendingWorkSource {
  return current;
}

export function setPendingWorkSource(source: PendingWorkSource): PendingWorkSource {
  const previous = current;
  current = source;
  return previous;
}
