import type { Instance } from "../../domain/instance/instance";
import type { Clock } from "../ports/clock";
import type { WebhookTarget } from "../ports/instance-gateway-port";
import type { ProviderRegistry } from "../ports/provider-registry";
import type { UnitOfWork } from "../ports/unit-of-work";
import { connectOnGateway } from "./connect-on-gateway";
import { loadInstanceGateway } from "./load-instance-gateway";

/**
 * An operator asks a number's gateway to connect it again (after a restart of the gateway, a
 * logout, a lost session). The stored status follows the gateway's answer: "connected" lifts a
 * hold at once; anything else (waiting for a QR scan) leaves the jobs waiting, no attempt spent.
 */
export class ReconnectInstanceUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly providers: ProviderRegistry,
    private readonly clock: Clock,
    private readonly webhookTarget: (provider: string) => WebhookTarget | null,
  ) {}

  async execute(input: { organizationId: string; instanceId: string }): Promise<Instance> {
    const { instance, provider } = await loadInstanceGateway(this.uow, this.providers, input);
    const state = await connectOnGateway(provider, instance.gatewayName, this.webhookTarget(provider.name));
    return this.uow.run(async (repos) => {
      await repos.instances.updateStatus(
        instance.id,
        state.status,
        state.phoneNumber ?? instance.phoneNumber,
        this.clock.now(),
      );
      return (await repos.instances.findById(instance.id)) ?? instance;
    });
  }
}
