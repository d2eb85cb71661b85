import type { WorkflowCheckpoint } from '../../src/extension';

export const CHAIN_WORKFLOW = 'ResilientChainOrchestration';
export const CHAIN_STAGES = ['ActivityOne', 'ActivityTwo', 'ActivityThree'] as const;
export type ChainStage = (typeof CHAIN_STAGES)[number];

export interface ChainInput {
  /** The key of the checkpoint; the instance id by default, so starting the same id again resumes. */
  chainId?: string;
  /** Makes this stage fail in this run, to try out resuming. */
  failAt?: ChainStage;
}

export interface StageInput {
  chainId: string;
  /** What the stage before produced; null for the first. */
  previousId: string | null;
  simulateFailure: boolean;
}

export interface StageResult {
  processedId: string;
}

export interface ChainResult {
  chainId: string;
  lastProcessedId: string | null;
  ran: ChainStage[];
  /** Stages an earlier run finished, which this run passed through. */
  passedThrough: ChainStage[];
}

/** Checks the chain's input; throws an Error naming what is wrong. */
export function readChainInput(input: unknown): ChainInput {
  // The durable client sends "" for a start without input.
  if (input === undefined || input === null || input === '') return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new Error('The chain input, when given, must be a JSON object like {"chainId": "c-1"}.');
  const { chainId, failAt } = input as Record<string, unknown>;
  if (chainId !== undefined && (typeof chainId !== 'string' || chainId === '')) throw new Error('chainId, when given, must be a non-empty string.');
  if (failAt !== undefined && !CHAIN_STAGES.includes(failAt as ChainStage)) throw new Error(`failAt, when given, must be one of ${CHAIN_STAGES.join(', ')}.`);
  return { chainId: chainId as string | undefined, failAt: failAt as ChainStage | undefined };
}

/**
 * Where a new run starts, given the checkpoint of the last: at the stage that failed or was cut off,
 * after the last one that completed, or at the beginning when there is none or the chain had finished.
 */
export function resumeIndex(checkpoint: WorkflowCheckpoint | null | undefined): number {
  const index = checkpoint ? CHAIN_STAGES.indexOf(checkpoint.processingStage as ChainStage) : -1;
  if (!checkpoint || index < 0) return 0;
  if (checkpoint.processingStatus !== 'Completed') return index;
  return index === CHAIN_STAGES.length - 1 ? 0 : index + 1;
}
