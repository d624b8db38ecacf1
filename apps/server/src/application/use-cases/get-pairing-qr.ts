import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { PairingQr, WebhookTarget } from "../ports/instance-gateway-port";
import type { ProviderRegistry } from "../ports/provider-registry";
import type { UnitOfWork } from "../ports/unit-of-work";
import { connectOnGateway } from "./connect-on-gateway";
import { loadInstanceGateway } from "./load-instance-gateway";

const PAIRED: PairingQr = { kind: "connected" };

/**
 * The QR an operator scans to pair a number. The gateway is first asked to serve the instance
 * (recreated if it forgot it, its webhook pointed at us), so the pairing's "connected" event
 * reaches us and lifts any hold. A number already paired gets a 409: there is nothing to scan.
 */
export class GetPairingQrUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly providers: ProviderRegistry,
    private readonly clock: Clock,
    private readonly webhookTarget: (provider: string) => WebhookTarget | null,
  ) {}

  async execute(input: { organizationId: string; instanceId: string }): Promise<{ qr: string }> {
    const { instance, provider } = await loadInstanceGateway(this.uow, this.providers, input);
    const state = await connectOnGateway(provider, instance.gatewayName, this.webhookTarget(provider.name));
    const pairing = state.status === "connected" ? PAIRED : await provider.pairingQr(instance.gatewayName);
    if (pairing.kind === "connected") {
      const phoneNumber = state.phoneNumber ?? instance.phoneNumber;
      // Written only when it changes: asking again about a paired number is a read.
      if (instance.status !== "connected" || phoneNumber !== instance.phoneNumber)
        await this.uow.run((repos) =>
          repos.instances.updateStatus(instance.id, "connected", phoneNumber, this.clock.now()),
        );
      throw new ApplicationError(
        "INSTANCE_ALREADY_CONNECTED",
        `instance "${instance.name}" is paired and connected: there is no QR to scan`,
      );
    }
    if (pairing.kind === "unavailable") {
      throw new ApplicationError(
        "GATEWAY_REFUSED",
        `no QR for instance "${instance.name}": ${pairing.reason}`,
      );
    }
    return { qr: pairing.qr };
  }
}
