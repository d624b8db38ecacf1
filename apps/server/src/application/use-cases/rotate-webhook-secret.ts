import type { WebhookEndpoint } from "../../domain/webhook/webhook-endpoint";
import type { WebhookEndpointRepository } from "../../domain/webhook/webhook-endpoint-repository";
import type { Clock } from "../ports/clock";

export interface RotateWebhookSecretInput {
  organizationId: string;
  endpointId: string;
  /** How long the old secret keeps signing beside the new one. */
  gracePeriodSeconds: number;
}

export interface RotatedWebhookSecret {
  endpoint: WebhookEndpoint;
  previousSecretExpiresAt: Date;
}

/**
 * Issues a new signing secret; until the grace period ends every delivery carries a signature with
 * each secret, so a receiver can switch to the new one whenever it is ready. Null: no such endpoint.
 */
export class RotateWebhookSecretUseCase {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly clock: Clock,
    private readonly newSecret: () => string,
  ) {}

  async execute(input: RotateWebhookSecretInput): Promise<RotatedWebhookSecret | null> {
    const previousSecretExpiresAt = new Date(this.clock.now().getTime() + input.gracePeriodSeconds * 1000);
    const endpoint = await this.endpoints.rotateSecret(
      input.organizationId,
      input.endpointId,
      this.newSecret(),
      previousSecretExpiresAt,
    );
    return endpoint ? { endpoint, previousSecretExpiresAt } : null;
  }
}
