import type { WebhookEndpoint } from "../../domain/webhook/webhook-endpoint";

/** An endpoint as listed: the signing secret is shown once, at registration, and never again. */
export function presentWebhookEndpoint(endpoint: WebhookEndpoint) {
  const { secret: _secret, organizationId: _org, ...shown } = endpoint;
  return shown;
}
