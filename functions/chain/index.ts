import type { ActivityReference, WorkflowCheckpoint } from '../../src/extension';
import { defineActivity, defineOrchestration, replaySafeLogger, taskFailureMessage } from '../../src/extension';
import { chainCheckpoints } from './chainCheckpoints';
import { CHAIN_STAGES, CHAIN_WORKFLOW, type ChainResult, type ChainStage, type StageInput, type StageResult, readChainInput, resumeIndex } from './chainStages';
import { stageActivity } from './runStage';

const LoadChainCheckpointActivity = defineActivity<string, WorkflowCheckpoint | null>(
  'LoadChainCheckpointActivity',
  async (chainId) => (await chainCheckpoints().read(CHAIN_WORKFLOW, chainId)) ?? null,
);

const stages: Record<ChainStage, ActivityReference<StageInput, StageResult>> = {
  ActivityOne: defineActivity<StageInput, StageResult>('ActivityOne', stageActivity('ActivityOne')),
  ActivityTwo: defineActivity<StageInput, StageResult>('ActivityTwo', stageActivity('ActivityTwo')),
  ActivityThree: defineActivity<StageInput, StageResult>('ActivityThree', stageActivity('ActivityThree')),
};

// ActivityOne → ActivityTwo → ActivityThree, resumable: the checkpoint in Table Storage says where the last run stopped.
defineOrchestration<unknown, ChainResult>(CHAIN_WORKFLOW, function* (context, rawInput) {
  const input = readChainInput(rawInput);
  const chainId = input.chainId ?? context.df.instanceId;
  const log = replaySafeLogger(context);

  const checkpoint = yield* LoadChainCheckpointActivity.call(context, chainId);
  const start = resumeIndex(checkpoint);
  const passedThrough = CHAIN_STAGES.slice(0, start);
  let lastProcessedId = start > 0 ? (checkpoint?.lastProcessedId ?? null) : null;
  if (start > 0) log.info(`Chain ${chainId} resumes at ${CHAIN_STAGES[start]}; ${passedThrough.join(', ')} finished in an earlier run.`);

  const ran: ChainStage[] = [];
  for (const stage of CHAIN_STAGES.slice(start)) {
    context.df.setCustomStatus({ chainId, stage, passedThrough });
    try {
      ({ processedId: lastProcessedId } = yield* stages[stage].call(context, { chainId, previousId: lastProcessedId, simulateFailure: input.failAt === stage }));
    } catch (error) {
      log.error(`Chain ${chainId} stopped at ${stage}: ${taskFailureMessage(error)}. Start it again to resume there.`);
      throw error;
    }
    ran.push(stage);
  }
  context.df.setCustomStatus({ chainId, stage: 'Completed', passedThrough });
  return { chainId, lastProcessedId, ran, passedThrough };
});
