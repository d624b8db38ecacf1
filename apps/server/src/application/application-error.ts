/** A use case refused a request; `code` is stable and the HTTP layer maps it to a status. */
export class ApplicationError extends Error {
  constructor(
    readonly code: ApplicationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApplicationError";
  }
}

export type ApplicationErrorCode =
  | "INTENT_NOT_FOUND"
  | "INTENT_NOT_DROPPABLE"
  | "JOB_NOT_FOUND"
  | "INSTANCE_NOT_FOUND"
  | "INSTANCE_NOT_CONNECTED"
  | "INSTANCE_DELETED"
  | "INSTANCE_BUSY"
  | "INSTANCE_ALREADY_CONNECTED"
  | "GATEWAY_REFUSED"
  | "PROVIDER_NOT_CONFIGURED"
  | "IDEMPOTENCY_KEY_REUSED"
  | "GATEWAY_WEBHOOK_FAILED"
  | "WEBHOOK_URL_REFUSED"
  | "WEBHOOK_LIMIT_REACHED";
