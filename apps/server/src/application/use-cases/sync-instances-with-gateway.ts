import type { Clock } from "../ports/clock";
import type { GatewayInstanceState, WebhookTarget } from "../ports/instance-gateway-port";
import type { ProviderRegistry } from "../ports/provider-registry";
import type { Repositories } from "../ports/unit-of-work";
import { connectOnGateway } from "./connect-on-gateway";

/** What the gateway cannot tell us about an instance it does not have. */
const MISSING_STATE: GatewayInstanceState = { status: "disconnected", phoneNumber: null };

/**
 * At start, every stored instance takes the state its gateway reports now: a status stored by an
 * earlier run must not claim "connected" for a number the gateway no longer serves. A gateway that
 * forgets its instances when it stops (the simulator of the embedded default) gets them back,
 * with their webhooks, so a second start sends like the first.
 */
export class SyncInstancesWithGatewayUseCase {
  constructor(
    private readonly repos: Repositories,
    private readonly providers: ProviderRegistry,
    private readonly clock: Clock,
    /** Per provider: each gateway posts to its own route. */
    private readonly webhookTarget: (provider: string) => WebhookTarget | null = () => null,
  ) {}

  /** Returns how many instances were looked at. */
  async execute(options: { recreateMissing: boolean }): Promise<number> {
    const instances = await this.repos.instances.list();
    for (const instance of instances) {
      const provider = this.providers.get(instance.provider);
      const state = !provider
        ? MISSING_STATE
        : options.recreateMissing
          ? await connectOnGateway(provider, instance.gatewayName, this.webhookTarget(provider.name))
          : ((await provider.getInstanceState(instance.gatewayName)) ?? MISSING_STATE);
      await this.repos.instances.updateStatus(
        instance.id,
        state.status,
        state.phoneNumber ?? instance.phoneNumber,
        this.clock.now(),
      );
    }
    return instances.length;
  }
}
