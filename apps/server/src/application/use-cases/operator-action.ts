/** Who asks an operator action and why: both end up on the timeline. */
export interface OperatorAction {
  organizationId: string;
  actor: string;
  reason: string;
}

export interface JobOperatorAction extends OperatorAction {
  jobId: string;
}
