/**
 * The message a failed activity or sub-orchestration threw, as its orchestrator sees it.
 * Extensions report failures either as a TaskFailedError or as "<reason> \n <details>"; both lead back here.
 */
export function taskFailureMessage(error: unknown): string {
  const structuredMessage = (error as { failureDetails?: { errorMessage?: unknown } } | undefined)?.failureDetails
    ?.errorMessage;
  if (typeof structuredMessage === 'string' && structuredMessage !== '') {
    return structuredMessage;
  }
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.split(/\s*\n/)[0];
  return reason.replace(/^(Activity|Orchestrator|Orchestration) function '[^']*' failed: /i, '').trim();
}
