import type { Instance } from "../../domain/instance/instance";
import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { ProviderRegistry } from "../ports/provider-registry";
import type { UnitOfWork } from "../ports/unit-of-work";
import { loadOwnedInstance } from "./load-owned-instance";

/**
 * Deletes an instance whose work is over: removed on its gateway (logged out and deleted there),
 * then soft-deleted here, so its messages' history stays readable and its gateway name is free.
 *
 * One transaction holds the instance row locked from the count of its unfinished work until the
 * mark: an approval waits for it (see loadOwnedInstance) and then sees the instance deleted. The
 * gateway is asked inside that transaction: when it refuses or cannot be reached nothing changes
 * here (502, the operator asks again); when it removed the instance but our commit failed, asking
 * again finds it gone on the gateway, which counts as removed.
 */
export class DeleteInstanceUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly providers: ProviderRegistry,
    private readonly clock: Clock,
  ) {}

  execute(input: { organizationId: string; instanceId: string }): Promise<Instance> {
    return this.uow.run(async (repos) => {
      const instance = await loadOwnedInstance(repos, input.organizationId, input.instanceId, "update");
      const unfinished = await repos.instances.countUnfinishedWork(instance.id);
      if (unfinished > 0) {
        throw new ApplicationError(
          "INSTANCE_BUSY",
          `instance "${instance.name}" still has ${unfinished} unfinished message(s) (waiting, sending, unconfirmed or scheduled): cancel them or wait until they finish, then delete it`,
        );
      }
      const provider = this.providers.get(instance.provider);
      if (provider && !(await provider.removeInstance(instance.gatewayName))) {
        throw new ApplicationError(
          "GATEWAY_REFUSED",
          `the ${instance.provider} gateway did not remove instance "${instance.name}" (refused or unreachable); nothing was deleted, try again`,
        );
      }
      const now = this.clock.now();
      await repos.instances.markDeleted(instance.id, now);
      return { ...instance, deletedAt: now, updatedAt: now };
    });
  }
}
