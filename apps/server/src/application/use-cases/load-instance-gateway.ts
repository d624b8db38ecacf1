import type { Instance } from "../../domain/instance/instance";
import { ApplicationError } from "../application-error";
import type { ProviderRegistry, WhatsAppProvider } from "../ports/provider-registry";
import type { UnitOfWork } from "../ports/unit-of-work";
import { loadOwnedInstance } from "./load-owned-instance";

/** The organization's live instance and the configured gateway that serves it, for an operator's gateway call. */
export async function loadInstanceGateway(
  uow: UnitOfWork,
  providers: ProviderRegistry,
  input: { organizationId: string; instanceId: string },
): Promise<{ instance: Instance; provider: WhatsAppProvider }> {
  const instance = await uow.run((repos) => loadOwnedInstance(repos, input.organizationId, input.instanceId));
  const provider = providers.get(instance.provider);
  if (!provider) {
    throw new ApplicationError(
      "PROVIDER_NOT_CONFIGURED",
      `gateway "${instance.provider}" of instance ${instance.name} is not configured on this server`,
    );
  }
  return { instance, provider };
}
