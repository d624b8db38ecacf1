import type { Page, PageRequest } from "../shared/page";
import type { ClaimedWebhookDelivery, WebhookDelivery, WebhookDeliveryOutcome } from "./webhook-delivery";

export interface ClaimWebhookDeliveriesRequest {
  deliveredBy: string;
  limit: number;
  leaseMs: number;
  /** Live leases one endpoint may hold at once, across every deliverer. */
  perEndpointLimit: number;
  now: Date;
}

export interface WebhookDeliveryRepository {
  /**
   * Leases up to `limit` due deliveries (pending and due, or leased by someone whose lease expired)
   * to `deliveredBy`, counting one more attempt each. Two deliverers never hold the same delivery.
   */
  claimDue(request: ClaimWebhookDeliveriesRequest): Promise<ClaimedWebhookDelivery[]>;
  /** Records the outcome if `delivery` is still leased to its deliverer for that attempt; false if not. */
  finish(delivery: ClaimedWebhookDelivery, outcome: WebhookDeliveryOutcome): Promise<boolean>;
  /** The endpoint's deliveries, newest first. */
  listForEndpoint(endpointId: string, page: PageRequest): Promise<Page<WebhookDelivery>>;
}
