/** An organization whose jobs all wait: who paused it, why and when. */
export interface OrganizationPause {
  organizationId: string;
  actor: string;
  reason: string;
  pausedAt: Date;
}
