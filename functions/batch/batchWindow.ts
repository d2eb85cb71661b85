import { utcHourStamp } from '../../src/extension';
import type { BatchReport, BatchWindow, WorkItemOutcome } from './PendingWork';

const HOUR_MS = 3600_000;

/** The batch that runs at (or for) `runTime`: id `batch-yyyyMMddHH` of its hour, covering the hour before. */
export function batchWindow(runTime: Date): BatchWindow {
  const hour = Math.floor(runTime.getTime() / HOUR_MS) * HOUR_MS;
  return {
    batchId: `batch-${utcHourStamp(new Date(hour))}`,
    from: new Date(hour - HOUR_MS).toISOString(),
    to: new Date(hour).toISOString(),
  };
}

/** Checks the orchestration's input, which a client could also send by hand. */
export function readBatchWindow(input: unknown): BatchWindow {
  const candidate = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const { batchId, from, to } = candidate;
  if (typeof batchId !== 'string' || typeof from !== 'string' || typeof to !== 'string' || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
    throw new Error('BatchProcessingOrchestration needs an input like {"batchId": "batch-2026010113", "from": "<ISO time>", "to": "<ISO time>"}.');
  }
  return { batchId, from, to };
}

export function batchReport(window: BatchWindow, outcomes: WorkItemOutcome[]): BatchReport {
  return {
    ...window,
    total: outcomes.length,
    succeeded: outcomes.filter((o) => o.succeeded).length,
    failed: outcomes.filter((o) => !o.succeeded).map((o) => ({ id: o.id, error: o.error ?? 'failed' })),
  };
}
