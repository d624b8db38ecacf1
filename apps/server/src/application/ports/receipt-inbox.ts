import type { NewGatewayEvent } from "../../domain/gateway/gateway-event";

/** Where gateway receipts are stored as they arrive, durably, before the gateway gets its answer. */
export interface ReceiptInbox {
  /** True when stored; false when the same receipt already was (gateways repeat them). */
  store(receipt: NewGatewayEvent): Promise<boolean>;
}
