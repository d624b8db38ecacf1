import { and, eq } from "drizzle-orm";
import type { Page, PageRequest } from "../../../domain/shared/page";
import type {
  ClaimedWebhookDelivery,
  WebhookDelivery,
  WebhookDeliveryOutcome,
} from "../../../domain/webhook/webhook-delivery";
import type {
  ClaimWebhookDeliveriesRequest,
  WebhookDeliveryRepository,
} from "../../../domain/webhook/webhook-delivery-repository";
import type { Db } from "../database";
import { webhookDeliveryFromRow } from "../mappers/webhook-row";
import { countAtMost } from "../pagination/count-at-most";
import { afterCursor, newestFirst } from "../pagination/keyset";
import { fetchSize, pageOf } from "../pagination/page-of";
import { webhookDeliveryTable as delivery } from "../schema";
import { claimWebhookDeliveries } from "../sql/claim-webhook-deliveries.sql";
import { finishWebhookDelivery } from "../sql/finish-webhook-delivery.sql";

export class PostgresWebhookDeliveryRepository implements WebhookDeliveryRepository {
  constructor(private readonly db: Db) {}

  claimDue(request: ClaimWebhookDeliveriesRequest): Promise<ClaimedWebhookDelivery[]> {
    return claimWebhookDeliveries(this.db, request);
  }

  finish(claimed: ClaimedWebhookDelivery, outcome: WebhookDeliveryOutcome): Promise<boolean> {
    return finishWebhookDelivery(this.db, claimed, outcome);
  }

  async listForEndpoint(endpointId: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
    const matching = eq(delivery.endpointId, endpointId);
    const rows = await this.db
      .select()
      .from(delivery)
      .where(and(matching, afterCursor(delivery, page.cursor)))
      .orderBy(...newestFirst(delivery))
      .limit(fetchSize(page.limit));
    return pageOf(rows, page.limit, await countAtMost(this.db, delivery, matching), webhookDeliveryFromRow);
  }
}
