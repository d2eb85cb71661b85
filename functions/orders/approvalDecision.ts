/** The payload expected with the `ApprovalReceived` event. */
export interface ApprovalDecision {
  approved: boolean;
}

export const APPROVAL_EVENT = 'ApprovalReceived';

/** Only an explicit `{ approved: true }` approves; anything else a person sent counts as a rejection. */
export function isApproved(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as Partial<ApprovalDecision>).approved === true;
}
