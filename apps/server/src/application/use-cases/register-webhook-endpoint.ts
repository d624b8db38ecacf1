import type { WebhookEndpoint } from "../../domain/webhook/webhook-endpoint";
import type { WebhookEndpointRepository } from "../../domain/webhook/webhook-endpoint-repository";
import type { WebhookEventType } from "../../domain/webhook/webhook-event-types";
import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { IdGenerator } from "../ports/id-generator";
import type { WebhookUrlCheck } from "../ports/webhook-url-check";

export interface RegisterWebhookEndpointInput {
  organizationId: string;
  url: string;
  events: WebhookEventType[];
}

/** Subscribes an endpoint of the organization to some event types, with a new signing secret. */
export class RegisterWebhookEndpointUseCase {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly newSecret: () => string,
    private readonly checkUrl: WebhookUrlCheck,
    /** Each endpoint multiplies every event into one more delivery: a bound per organization. */
    private readonly maxEndpoints: number,
  ) {}

  async execute(input: RegisterWebhookEndpointInput): Promise<WebhookEndpoint> {
    const refusal = await this.checkUrl(input.url);
    if (refusal) throw new ApplicationError("WEBHOOK_URL_REFUSED", `url: ${refusal}`);
    const endpoint: WebhookEndpoint = {
      id: this.newId(),
      organizationId: input.organizationId,
      url: input.url,
      events: [...new Set(input.events)],
      secret: this.newSecret(),
      createdAt: this.clock.now(),
    };
    if (!(await this.endpoints.insertWithinLimit(endpoint, this.maxEndpoints)))
      throw new ApplicationError(
        "WEBHOOK_LIMIT_REACHED",
        `the organization already has ${this.maxEndpoints} webhook endpoints (WEBHOOK_MAX_ENDPOINTS); delete one first`,
      );
    return endpoint;
  }
}
