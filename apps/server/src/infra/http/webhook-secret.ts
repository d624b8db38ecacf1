export const WEBHOOK_SECRET_HEADER = "x-webhook-secret";
