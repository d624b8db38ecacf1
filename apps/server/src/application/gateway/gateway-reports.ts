import type { InstanceStatus } from "../../domain/instance/instance-status";
import type { ReceiptStatus } from "../../domain/intent/delivery-receipt";

// What a gateway tells us about our own sends and numbers, in provider-neutral terms. The HTTP
// adapter of each gateway translates its webhooks into these.

interface GatewayReportBase {
  provider: string;
  /** The gateway's name of the instance. */
  instanceName: string;
  /** When the gateway says it happened. */
  occurredAt: Date;
  /** The gateway's data as received, kept when the report cannot be settled at once. */
  payload: Record<string, unknown>;
}

/** "This message left from this number": the gateway's own record of a send. */
export interface SendReport extends GatewayReportBase {
  messageId: string;
  /** The recipient as the gateway reports it: digits of a phone number, or a group id. */
  to: string;
  /** The gateway's message type: text, image, video, document, audio, reaction... */
  messageType: string;
  content: string | null;
  caption: string | null;
}

export interface ReceiptReport extends GatewayReportBase {
  messageId: string;
  status: ReceiptStatus;
}

export interface ConnectionReport extends GatewayReportBase {
  status: InstanceStatus;
  /** Null when the report says nothing about it (a lost socket keeps the pairing). */
  phoneNumber: string | null;
  /** The number was unpaired: forget its phone number. */
  loggedOut: boolean;
}
