import type { WebhookEndpoint } from "./webhook-endpoint";

export interface WebhookEndpointRepository {
  insert(endpoint: WebhookEndpoint): Promise<void>;
  /** Inserts unless the organization already has `limit` endpoints (checked and written atomically); false then. */
  insertWithinLimit(endpoint: WebhookEndpoint, limit: number): Promise<boolean>;
  listForOrganization(organizationId: string): Promise<WebhookEndpoint[]>;
  findById(organizationId: string, id: string): Promise<WebhookEndpoint | null>;
  /**
   * Makes `secret` the endpoint's secret and keeps the current one as the previous secret until
   * `previousSecretExpiresAt`; null when the organization has no such endpoint.
   */
  rotateSecret(
    organizationId: string,
    id: string,
    secret: string,
    previousSecretExpiresAt: Date,
  ): Promise<WebhookEndpoint | null>;
  /** Removes the endpoint and its deliveries, pending ones included; false when it did not exist. */
  delete(organizationId: string, id: string): Promise<boolean>;
}
