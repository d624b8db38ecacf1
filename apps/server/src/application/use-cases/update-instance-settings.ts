import type { Instance } from "../../domain/instance/instance";
import type { InstanceSettingsChange } from "../../domain/instance/instance-repository";
import { DomainError } from "../../domain/shared/domain-error";
import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { UnitOfWork } from "../ports/unit-of-work";
import { loadOwnedInstance } from "./load-owned-instance";

export interface UpdateInstanceSettingsInput extends InstanceSettingsChange {
  organizationId: string;
  instanceId: string;
}

/**
 * Renames an instance or sets (null: removes) its pacing, warm-up and sending window. A name stays
 * unique among the organization's live instances; the gateway keeps knowing the number by its
 * gateway name, so a rename never reaches the gateway.
 */
export class UpdateInstanceSettingsUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute(input: UpdateInstanceSettingsInput): Promise<Instance> {
    const { organizationId, instanceId, ...change } = input;
    return this.uow.run(async (repos) => {
      const found = await loadOwnedInstance(repos, organizationId, instanceId);
      if (change.name !== undefined && change.name !== found.name) {
        const sameName = (await repos.instances.list(organizationId)).find((i) => i.name === change.name);
        if (sameName)
          throw new DomainError(
            "INSTANCE_EXISTS",
            `instance "${change.name}" already exists in this organization (id ${sameName.id})`,
          );
      }
      const updated = await repos.instances.updateSettings(instanceId, change, this.clock.now());
      if (!updated) throw new ApplicationError("INSTANCE_NOT_FOUND", `instance ${instanceId} not found`);
      return updated;
    });
  }
}
