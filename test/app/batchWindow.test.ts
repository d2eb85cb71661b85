import { batchReport, batchWindow, readBatchWindow } from '../../functions/batch/batchWindow';
import { InProcessPendingWork } from '../../functions/batch/InProcessPendingWork';

describe('the hourly batch', () => {
  test('the batch run at (or for) 13:xx is batch-yyyyMMdd13 and covers 12:00 to 13:00', () => {
    const expected = { batchId: 'batch-2026010113', from: '2026-01-01T12:00:00.000Z', to: '2026-01-01T13:00:00.000Z' };
    expect(batchWindow(new Date('2026-01-01T13:00:00Z'))).toEqual(expected);
    expect(batchWindow(new Date('2026-01-01T13:42:10Z'))).toEqual(expected);
  });

  test('an input that is not a window is refused with an example', () => {
    expect(readBatchWindow({ batchId: 'b', from: '2026-01-01T12:00:00Z', to: '2026-01-01T13:00:00Z' })).toEqual({
      batchId: 'b',
      from: '2026-01-01T12:00:00Z',
      to: '2026-01-01T13:00:00Z',
    });
    expect(() => readBatchWindow({ batchId: 'b', from: 'noon' })).toThrow(/needs an input like/);
    expect(() => readBatchWindow(undefined)).toThrow(/needs an input like/);
  });

  test('the report counts what succeeded and lists what failed with why', () => {
    const window = batchWindow(new Date('2026-01-01T13:00:00Z'));
    expect(batchReport(window, [{ id: 'a', succeeded: true }, { id: 'b', succeeded: false, error: 'no stock' }])).toEqual({
      ...window,
      total: 2,
      succeeded: 1,
      failed: [{ id: 'b', error: 'no stock' }],
    });
  });

  test('in-process pending work lists the items due in the window that are not done, and a done item stays done', async () => {
    const work = new InProcessPendingWork();
    work.add({ id: 'early', kind: 'export', dueAt: '2026-01-01T11:59:59Z' });
    work.add({ id: 'in', kind: 'export', dueAt: '2026-01-01T12:30:00Z' });
    work.add({ id: 'edge', kind: 'export', dueAt: '2026-01-01T13:00:00Z' });
    const window = batchWindow(new Date('2026-01-01T13:00:00Z'));
    expect((await work.listPending(window)).map((i) => i.id)).toEqual(['in']);
    await work.process({ id: 'in', kind: 'export', dueAt: '2026-01-01T12:30:00Z' });
    expect(await work.listPending(window)).toEqual([]);
    await expect(work.process({ id: 'unknown', kind: 'x', dueAt: '2026-01-01T12:30:00Z' })).rejects.toThrow(/not known/);
  });
});
