import type { Instance } from "../../domain/instance/instance";
import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { IdGenerator } from "../ports/id-generator";
import type { WebhookTarget } from "../ports/instance-gateway-port";
import type { ProviderRegistry } from "../ports/provider-registry";
import type { UnitOfWork } from "../ports/unit-of-work";

export interface RegisterInstanceInput {
  organizationId: string;
  name: string;
  provider?: string | undefined;
}

/**
 * Records a WhatsApp instance of the organization, making sure the gateway has it (created and
 * asked to connect when missing) and remembering the state the gateway reports. When we know our
 * own webhook address, the gateway is told to post the instance's events there: without them a
 * send whose answer was lost stays UNCONFIRMED and no receipt is recorded.
 */
export class RegisterInstanceUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly providers: ProviderRegistry,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    /** Read at each call: the embedded default knows its address only once it listens. */
    private readonly webhookTarget: () => WebhookTarget | null = () => null,
  ) {}

  async execute(input: RegisterInstanceInput): Promise<Instance> {
    const providerName = input.provider ?? this.providers.defaultProvider;
    const provider = this.providers.get(providerName);
    if (!provider)
      throw new ApplicationError("PROVIDER_NOT_CONFIGURED", `provider "${providerName}" is not configured`);
    const state = await provider.ensureInstance(input.name);
    const target = this.webhookTarget();
    if (target && !(await provider.configureWebhook(input.name, target))) {
      throw new ApplicationError(
        "GATEWAY_WEBHOOK_FAILED",
        `the gateway did not accept the webhook of instance "${input.name}"; try again`,
      );
    }
    const now = this.clock.now();
    const instance: Instance = {
      id: this.newId(),
      organizationId: input.organizationId,
      name: input.name,
      provider: providerName,
      status: state.status,
      phoneNumber: state.phoneNumber,
      paused: false,
      hold: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.uow.run((repos) => repos.instances.insert(instance));
    return instance;
  }
}
