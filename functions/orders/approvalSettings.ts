import { parseDuration } from '../../src/extension';

export interface ApprovalSettings {
  /** Orders with an amount above this wait for a human approval. */
  threshold: number;
  /** How long an order waits for `ApprovalReceived` before it gives up. */
  timeoutMs: number;
}

export const DEFAULT_APPROVAL_THRESHOLD = 10000;
export const DEFAULT_APPROVAL_TIMEOUT = '72h';

/** Reads ORDER_APPROVAL_THRESHOLD and ORDER_APPROVAL_TIMEOUT; a bad value stops the app at load with the setting's name. */
export function readApprovalSettings(env: NodeJS.ProcessEnv = process.env): ApprovalSettings {
  const thresholdText = env.ORDER_APPROVAL_THRESHOLD?.trim() || String(DEFAULT_APPROVAL_THRESHOLD);
  const threshold = Number(thresholdText);
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new Error(`Setting ORDER_APPROVAL_THRESHOLD must be a number of at least 0, got "${thresholdText}".`);
  }
  const timeoutText = env.ORDER_APPROVAL_TIMEOUT?.trim() || DEFAULT_APPROVAL_TIMEOUT;
  try {
    return { threshold, timeoutMs: parseDuration(timeoutText) };
  } catch (error) {
    throw new Error(`Setting ORDER_APPROVAL_TIMEOUT: ${(error as Error).message}`);
  }
}
