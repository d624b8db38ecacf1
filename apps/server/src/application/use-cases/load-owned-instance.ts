import type { Instance } from "../../domain/instance/instance";
import { ApplicationError } from "../application-error";
import type { Repositories } from "../ports/unit-of-work";

/** Another organization's instance is "not found", exactly like a missing one. */
export async function loadOwnedInstance(
  repos: Repositories,
  organizationId: string,
  instanceId: string,
): Promise<Instance> {
  const instance = await repos.instances.findById(instanceId);
  if (!instance || instance.organizationId !== organizationId) {
    throw new ApplicationError("INSTANCE_NOT_FOUND", `instance ${instanceId} not found`);
  }
  return instance;
}
