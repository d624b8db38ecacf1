import type { WebhookEventType } from "./webhook-event-types";

/** Where an organization wants some of its timeline events POSTed, and the secret that signs them. */
export interface WebhookEndpoint {
  id: string;
  organizationId: string;
  url: string;
  events: WebhookEventType[];
  secret: string;
  createdAt: Date;
}
