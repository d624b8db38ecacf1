import type { Instance } from "../../domain/instance/instance";
import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { UnitOfWork } from "../ports/unit-of-work";
import { loadOwnedInstance } from "./load-owned-instance";
import type { OperatorAction } from "./operator-action";

export interface PauseInstanceInput extends OperatorAction {
  instanceId: string;
  paused: boolean;
}

/** Pauses or resumes an instance: its jobs wait unclaimed, so no attempt is spent while paused. */
export class PauseInstanceUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute(input: PauseInstanceInput): Promise<Instance> {
    return this.uow.run(async (repos) => {
      await loadOwnedInstance(repos, input.organizationId, input.instanceId);
      const instance = await repos.instances.setPaused(input.instanceId, input.paused, this.clock.now());
      if (!instance)
        throw new ApplicationError("INSTANCE_NOT_FOUND", `instance ${input.instanceId} not found`);
      return instance;
    });
  }
}
