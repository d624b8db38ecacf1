import type { Instance } from "../../domain/instance/instance";
import type { InstancePacing } from "../../domain/instance/instance-pacing";
import { DomainError } from "../../domain/shared/domain-error";
import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { IdGenerator } from "../ports/id-generator";
import type {
  GatewayInstanceState,
  InstanceGatewayPort,
  WebhookTarget,
} from "../ports/instance-gateway-port";
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
    /** Read at each call: the embedded default knows its address only once it listens. Per provider: each has its own route. */
    private readonly webhookTarget: (provider: string) => WebhookTarget | null = () => null,
    /** The organization-wide pacing a new number starts with (null: none). */
    private readonly defaultPacing: InstancePacing | null = null,
    /** Whether a new number checks its recipients before sending (RECIPIENT_CHECK_DEFAULT). */
    private readonly checkRecipientsByDefault = false,
  ) {}

  async execute(input: RegisterInstanceInput): Promise<Instance> {
    const provider = this.providers.get(input.provider ?? this.providers.defaultProvider);
    if (!provider) {
      const configured = this.providers.names().join(", ");
      throw new ApplicationError(
        "PROVIDER_NOT_CONFIGURED",
        `provider "${input.provider}" is not configured; configured providers: ${configured}`,
      );
    }
    const providerName = provider.name;
    await this.refuseTakenName(providerName, input);
    const instance = await this.reserve(input, providerName);
    try {
      const state = await this.setUpOnGateway(provider, providerName, input.name);
      const updatedAt = this.clock.now();
      await this.uow.run((repos) =>
        repos.instances.updateStatus(instance.id, state.status, state.phoneNumber, updatedAt),
      );
      return { ...instance, status: state.status, phoneNumber: state.phoneNumber, updatedAt };
    } catch (error) {
      // Nothing was set up: free the name so that the same request can be tried again.
      await this.uow.run((repos) => repos.instances.remove(instance.id));
      throw error;
    }
  }

  /**
   * The name becomes this organization's before the gateway hears of it: a name another
   * organization took since refuseTakenName looked fails here (INSTANCE_EXISTS), without a single
   * gateway call, so nobody can reconnect someone else's instance or point its webhook elsewhere.
   */
  private async reserve(input: RegisterInstanceInput, provider: string): Promise<Instance> {
    const now = this.clock.now();
    const instance: Instance = {
      id: this.newId(),
      organizationId: input.organizationId,
      name: input.name,
      provider,
      status: "disconnected",
      phoneNumber: null,
      paused: false,
      hold: null,
      pacing: this.defaultPacing,
      warmup: null,
      sendingWindow: null,
      checkRecipients: this.checkRecipientsByDefault,
      createdAt: now,
      updatedAt: now,
    };
    await this.uow.run((repos) => repos.instances.insert(instance));
    return instance;
  }

  private async setUpOnGateway(
    provider: InstanceGatewayPort,
    providerName: string,
    name: string,
  ): Promise<GatewayInstanceState> {
    const state = await provider.ensureInstance(name);
    const target = this.webhookTarget(providerName);
    if (target && !(await provider.configureWebhook(name, target))) {
      throw new ApplicationError(
        "GATEWAY_WEBHOOK_FAILED",
        `the gateway did not accept the webhook of instance "${name}"; try again`,
      );
    }
    return state;
  }

  /** Says which instance holds the name, unless another organization's (whose ids stay hidden). */
  private async refuseTakenName(provider: string, input: RegisterInstanceInput): Promise<void> {
    const existing = await this.uow.run((repos) => repos.instances.findByName(provider, input.name));
    if (!existing) return;
    throw new DomainError(
      "INSTANCE_EXISTS",
      existing.organizationId === input.organizationId
        ? `instance "${input.name}" is already registered (id ${existing.id}, status ${existing.status}); use it rather than registering it again`
        : `the name "${input.name}" is taken on ${provider}; choose another name`,
    );
  }
}
