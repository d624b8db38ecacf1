export const WEBHOOK_SECRET_HEADER = "x-webhook-secret";

/** The secret header each gateway that can send one must present; null: none is accepted. */
export interface GatewayWebhookSecrets {
  turbozap: string | null;
  evolution: string | null;
}
