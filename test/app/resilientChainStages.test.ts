import { InvocationContext } from '@azure/functions';
import { setChainCheckpointStore } from '../../functions/chain/chainCheckpoints';
import { readChainInput, resumeIndex } from '../../functions/chain/chainStages';
import { stageActivity } from '../../functions/chain/runStage';
import type { CheckpointStore, WorkflowCheckpoint } from '../../src/extension';

const checkpoint = (processingStage: string, processingStatus: WorkflowCheckpoint['processingStatus']): WorkflowCheckpoint => ({
  processingStage,
  processingStatus,
  lastProcessedId: 'x',
  lastUpdated: '2026-01-01T00:00:00.000Z',
});

function memoryStore() {
  const writes: WorkflowCheckpoint[] = [];
  const store: CheckpointStore = {
    read: async () => writes.at(-1),
    write: async (_workflow, _key, value) => void writes.push(value),
  };
  return { store, writes };
}

function context() {
  const lines: string[] = [];
  return { lines, ctx: new InvocationContext({ functionName: 'ActivityTwo', invocationId: 'i', logHandler: (level, ...args) => lines.push(`${level}: ${args.join(' ')}`) }) };
}

describe('where a new run of the resilient chain starts', () => {
  test('at the beginning without a checkpoint, or when the last run finished every stage', () => {
    expect(resumeIndex(null)).toBe(0);
    expect(resumeIndex(checkpoint('ActivityThree', 'Completed'))).toBe(0);
    expect(resumeIndex(checkpoint('SomethingElse', 'Failed'))).toBe(0);
  });

  test('at the stage that failed or was cut off, or after the last one that completed', () => {
    expect(resumeIndex(checkpoint('ActivityTwo', 'Failed'))).toBe(1);
    expect(resumeIndex(checkpoint('ActivityTwo', 'InProgress'))).toBe(1);
    expect(resumeIndex(checkpoint('ActivityOne', 'Completed'))).toBe(1);
  });

  test('its input is checked', () => {
    expect(readChainInput(undefined)).toEqual({});
    // What the durable client sends for a start without input.
    expect(readChainInput('')).toEqual({});
    expect(readChainInput({ chainId: 'c', failAt: 'ActivityTwo' })).toEqual({ chainId: 'c', failAt: 'ActivityTwo' });
    expect(() => readChainInput({ failAt: 'ActivityFour' })).toThrow('failAt, when given, must be one of ActivityOne, ActivityTwo, ActivityThree.');
    expect(() => readChainInput({ chainId: 7 })).toThrow(/chainId/);
    expect(() => readChainInput('c')).toThrow(/JSON object/);
  });
});

describe('a stage activity', () => {
  let restore: CheckpointStore | undefined;
  afterEach(() => setChainCheckpointStore(restore));

  test('records that it is in progress, then completed with what it produced', async () => {
    const { store, writes } = memoryStore();
    restore = setChainCheckpointStore(store);
    const result = await stageActivity('ActivityTwo')({ chainId: 'c-1', previousId: 'c-1:ActivityOne', simulateFailure: false }, context().ctx);
    expect(result).toEqual({ processedId: 'c-1:ActivityTwo' });
    expect(writes.map(({ processingStage, processingStatus, lastProcessedId }) => ({ processingStage, processingStatus, lastProcessedId }))).toEqual([
      { processingStage: 'ActivityTwo', processingStatus: 'InProgress', lastProcessedId: 'c-1:ActivityOne' },
      { processingStage: 'ActivityTwo', processingStatus: 'Completed', lastProcessedId: 'c-1:ActivityTwo' },
    ]);
  });

  test('logs an error, records the failure with the last good id, and rethrows it', async () => {
    const { store, writes } = memoryStore();
    restore = setChainCheckpointStore(store);
    const { ctx, lines } = context();
    await expect(stageActivity('ActivityTwo')({ chainId: 'c-1', previousId: 'c-1:ActivityOne', simulateFailure: true }, ctx)).rejects.toThrow(
      'ActivityTwo failed on purpose for chain c-1',
    );
    expect(writes.at(-1)).toMatchObject({ processingStage: 'ActivityTwo', processingStatus: 'Failed', lastProcessedId: 'c-1:ActivityOne' });
    expect(lines).toEqual([expect.stringMatching(/^error: ActivityTwo failed for chain c-1: ActivityTwo failed on purpose/)]);
  });

  test('when the checkpoint store itself fails, the stage fails with that error and says it could not record it', async () => {
    restore = setChainCheckpointStore({
      read: async () => undefined,
      write: async () => {
        throw new Error('table unreachable');
      },
    });
    const { ctx, lines } = context();
    await expect(stageActivity('ActivityOne')({ chainId: 'c-2', previousId: null, simulateFailure: false }, ctx)).rejects.toThrow('table unreachable');
    expect(lines).toEqual([
      'error: ActivityOne failed for chain c-2: table unreachable',
      'error: ActivityOne could not record its failure for chain c-2: table unreachable',
    ]);
  });
});
