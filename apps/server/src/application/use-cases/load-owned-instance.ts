import type { Instance } from "../../domain/instance/instance";
import type { InstanceLock } from "../../domain/instance/instance-repository";
import { ApplicationError } from "../application-error";
import type { Repositories } from "../ports/unit-of-work";

/**
 * The organization's live instance, for anything that changes it or puts work on it. Another
 * organization's instance is "not found", exactly like a missing one; a deleted one is refused.
 */
export async function loadOwnedInstance(
  repos: Repositories,
  organizationId: string,
  instanceId: string,
  lock: InstanceLock = "key share",
): Promise<Instance> {
  const instance = await repos.instances.findById(instanceId, { lock });
  if (!instance || instance.organizationId !== organizationId) {
    throw new ApplicationError("INSTANCE_NOT_FOUND", `instance ${instanceId} not found`);
  }
  if (instance.deletedAt !== null) {
    throw new ApplicationError(
      "INSTANCE_DELETED",
      `instance "${instance.name}" was deleted at ${instance.deletedAt.toISOString()}: nothing new goes through it; choose another instance`,
    );
  }
  return instance;
}
