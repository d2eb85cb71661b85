import type { InvocationContext } from '@azure/functions';
import type { ProcessingStatus } from '../../src/extension';
import { chainCheckpoints } from './chainCheckpoints';
import { CHAIN_WORKFLOW, type ChainStage, type StageInput, type StageResult } from './chainStages';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The activity for one stage of the chain. It records its own progress in the checkpoint (in
 * progress, completed with what it produced, or failed) and logs and rethrows any error, so the
 * orchestration fails at this stage and a new run resumes here.
 */
export function stageActivity(stage: ChainStage): (input: StageInput, context: InvocationContext) => Promise<StageResult> {
  return async (input, context) => {
    const record = (processingStatus: ProcessingStatus, lastProcessedId: string | null) =>
      chainCheckpoints().write(CHAIN_WORKFLOW, input.chainId, { lastProcessedId, processingStatus, processingStage: stage, lastUpdated: new Date().toISOString() });
    try {
      await record('InProgress', input.previousId);
      if (input.simulateFailure) throw new Error(`${stage} failed on purpose for chain ${input.chainId} (failAt).`);
      const result = { processedId: `${input.chainId}:${stage}` };
      await record('Completed', result.processedId);
      context.info(`${stage} processed ${input.previousId ?? 'the start'} of chain ${input.chainId} into ${result.processedId}.`);
      return result;
    } catch (error) {
      context.error(`${stage} failed for chain ${input.chainId}: ${reason(error)}`);
      try {
        await record('Failed', input.previousId);
      } catch (recordError) {
        context.error(`${stage} could not record its failure for chain ${input.chainId}: ${reason(recordError)}`);
      }
      throw error;
    }
  };
}
