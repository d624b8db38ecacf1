import type { ClaimedWebhookDelivery } from "../../domain/webhook/webhook-delivery";

/** What an endpoint answered; `error` is null exactly when it accepted the delivery (a 2xx). */
export interface WebhookAnswer {
  statusCode: number | null;
  error: string | null;
}

/** POSTs one signed delivery. Never throws: a failure is an answer with an error. */
export interface WebhookTransport {
  post(delivery: ClaimedWebhookDelivery): Promise<WebhookAnswer>;
}
