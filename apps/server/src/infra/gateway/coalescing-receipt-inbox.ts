import type { ReceiptInbox } from "../../application/ports/receipt-inbox";
import type { NewGatewayEvent } from "../../domain/gateway/gateway-event";
import type { GatewayEventRepository } from "../../domain/gateway/gateway-event-repository";
import { CoalescingWriter } from "../database/coalescing-writer";

/**
 * The receipts inbox of one process: receipts posted at the same time are stored by one statement
 * and one commit (a gateway posts each receipt twice, concurrently, for many messages at once), and
 * each post is answered only once its receipt is stored.
 */
export class CoalescingReceiptInbox implements ReceiptInbox {
  private readonly writer: CoalescingWriter<NewGatewayEvent, boolean>;

  constructor(gatewayEvents: GatewayEventRepository) {
    this.writer = new CoalescingWriter(async (receipts) => {
      const stored = await gatewayEvents.receive(receipts);
      const answers = new Map(receipts.map((receipt, i) => [receipt, stored[i] === true]));
      return (receipt) => answers.get(receipt) === true;
    });
  }

  store(receipt: NewGatewayEvent): Promise<boolean> {
    return this.writer.write(receipt);
  }
}
