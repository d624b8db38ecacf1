import type { ReceiptReport } from "../gateway/gateway-reports";
import type { Clock } from "../ports/clock";
import type { ReceiptInbox } from "../ports/receipt-inbox";

/**
 * - `accepted`: the receipt is stored; the applier records it on its intent in a moment;
 * - `duplicate`: the same receipt was already stored (gateways repeat them).
 */
export type ReceiptResult = "accepted" | "duplicate";

/**
 * Takes a delivered / read / played receipt off the gateway's hands with one write: stored in the
 * receipts inbox before the gateway gets its answer, so none is lost, and applied in batches by
 * ApplyDeliveryReceiptsUseCase (a webhook post costs an insert, whatever the receipt's fate).
 */
export class ReceiveDeliveryReceiptUseCase {
  constructor(
    private readonly inbox: ReceiptInbox,
    private readonly clock: Clock,
    /** Wakes this process's applier at once (other processes' appliers look at their poll). */
    private readonly onReceived: () => void,
  ) {}

  async execute(report: ReceiptReport): Promise<ReceiptResult> {
    const receivedAt = this.clock.now();
    const stored = await this.inbox.store({
      provider: report.provider,
      instanceName: report.instanceName,
      kind: "receipt",
      messageId: report.messageId,
      receiptStatus: report.status,
      // Never later than its arrival: a gateway clock ahead of ours (or a forged date) would date the
      // timeline row in the future, and days ahead no timeline partition takes it, which would stop
      // every receipt batch behind it.
      occurredAt: new Date(Math.min(report.occurredAt.getTime(), receivedAt.getTime())),
      receivedAt,
      resolution: "received",
      payload: report.payload,
    });
    if (!stored) return "duplicate";
    this.onReceived();
    return "accepted";
  }
}
