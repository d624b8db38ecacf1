import { ApplicationError } from "../application-error";
import type { Repositories } from "../ports/unit-of-work";

/**
 * A retry through a number its gateway does not report connected would fail again and spend the
 * fresh attempt budget: refuse it until the number is back (a paused but connected one may wait).
 */
export async function refuseDisconnectedInstances(
  repos: Repositories,
  instanceIds: Iterable<string>,
): Promise<void> {
  const down = [];
  for (const id of new Set(instanceIds)) {
    const instance = await repos.instances.findById(id);
    if (instance && instance.status !== "connected") down.push(`"${instance.name}" is ${instance.status}`);
  }
  if (down.length === 0) return;
  throw new ApplicationError(
    "INSTANCE_NOT_CONNECTED",
    `instance ${down.join(", instance ")}: a retry now would fail again and spend its attempts; reconnect it first`,
  );
}
