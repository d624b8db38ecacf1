import type { WebhookEndpoint } from "./webhook-endpoint";

export interface WebhookEndpointRepository {
  insert(endpoint: WebhookEndpoint): Promise<void>;
  listForOrganization(organizationId: string): Promise<WebhookEndpoint[]>;
  findById(organizationId: string, id: string): Promise<WebhookEndpoint | null>;
  /** Removes the endpoint and its deliveries, pending ones included; false when it did not exist. */
  delete(organizationId: string, id: string): Promise<boolean>;
}
