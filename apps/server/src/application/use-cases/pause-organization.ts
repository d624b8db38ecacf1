import type { OrganizationPause } from "../../domain/instance/organization-pause";
import type { Clock } from "../ports/clock";
import type { Repositories } from "../ports/unit-of-work";
import type { OperatorAction } from "./operator-action";

export interface PauseOrganizationInput extends OperatorAction {
  paused: boolean;
}

/** Pauses or resumes a whole organization; answers the pause in force afterwards (null = running). */
export class PauseOrganizationUseCase {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  async execute(input: PauseOrganizationInput): Promise<OrganizationPause | null> {
    const { organizationId, actor, reason } = input;
    if (input.paused)
      await this.repos.instances.pauseOrganization({
        organizationId,
        actor,
        reason,
        pausedAt: this.clock.now(),
      });
    else await this.repos.instances.resumeOrganization(organizationId);
    return this.repos.instances.findOrganizationPause(organizationId);
  }
}
