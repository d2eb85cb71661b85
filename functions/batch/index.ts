import { defineActivity, defineOrchestration, replaySafeLogger, scheduledStarter } from '../../src/extension';
import { batchReport, batchWindow, readBatchWindow } from './batchWindow';
import type { BatchReport, BatchWindow, WorkItem, WorkItemOutcome } from './PendingWork';
import { pendingWorkSource } from './pendingWorkSource';

const ListPendingWorkActivity = defineActivity<BatchWindow, WorkItem[]>('ListPendingWorkActivity', (window) =>
  pendingWorkSource().listPending(window),
);

// One item's failure is part of the report, not the end of the batch, so it is returned rather than thrown.
const ProcessWorkItemActivity = defineActivity<WorkItem, WorkItemOutcome>('ProcessWorkItemActivity', async (item, context) => {
  try {
    await pendingWorkSource().process(item);
    return { id: item.id, succeeded: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.warn(`Work item ${item.id} (${item.kind}) failed: ${message}`);
    return { id: item.id, succeeded: false, error: message };
  }
});

const BatchProcessingOrchestration = defineOrchestration<BatchWindow, BatchReport>('BatchProcessingOrchestration', function* (context, input) {
  const log = replaySafeLogger(context);
  const window = readBatchWindow(input);
  context.df.setCustomStatus({ stage: 'Listing', batchId: window.batchId });
  const items = yield* ListPendingWorkActivity.call(context, window);

  context.df.setCustomStatus({ stage: 'Processing', batchId: window.batchId, total: items.length });
  // Every item at once; Task.all refuses an empty list, so an hour with no work skips it.
  const outcomes: WorkItemOutcome[] = items.length ? yield context.df.Task.all(items.map((item) => ProcessWorkItemActivity.task(context, item))) : [];

  const report = batchReport(window, outcomes);
  context.df.setCustomStatus({ stage: 'Completed', batchId: window.batchId, total: report.total, succeeded: report.succeeded, failed: report.failed.length });
  log.info(`Batch ${window.batchId} (${window.from} to ${window.to}): ${report.succeeded} of ${report.total} work items done, ${report.failed.length} failed.`);
  return report;
});

// Every hour on the hour; a second start for the same hour while its batch runs is skipped and logged.
scheduledStarter('ScheduledBatchProcessor', {
  schedule: '0 0 * * * *',
  orchestration: BatchProcessingOrchestration,
  instanceId: (runTime) => batchWindow(runTime).batchId,
  input: (runTime) => batchWindow(runTime),
});
