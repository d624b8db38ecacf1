import type { SendReport } from "../gateway/gateway-reports";
import type { Clock } from "../ports/clock";
import type { ReceiptInbox } from "../ports/receipt-inbox";

/**
 * - `accepted`: the report is stored; it is settled in a moment (SettleSendReportsUseCase);
 * - `duplicate`: the same report was already stored (gateways retry).
 */
export type SendReportResult = "accepted" | "duplicate";

/**
 * Takes a `send.message` report off the gateway's hands with one write: stored in the gateway
 * reports inbox before the gateway gets its answer, so none is lost, and settled in batches by
 * the receipt applier and the reconciler (SettleSendReportsUseCase), never on the webhook's path.
 */
export class ReceiveSendReportUseCase {
  constructor(
    private readonly inbox: ReceiptInbox,
    private readonly clock: Clock,
    /** Wakes this process's applier at once (other processes' appliers look at their poll). */
    private readonly onReceived: () => void,
  ) {}

  async execute(report: SendReport): Promise<SendReportResult> {
    const stored = await this.inbox.store({
      provider: report.provider,
      instanceName: report.instanceName,
      kind: "send",
      messageId: report.messageId,
      receiptStatus: null,
      occurredAt: report.occurredAt,
      receivedAt: this.clock.now(),
      resolution: "received",
      // What settling needs, in our terms, beside what the gateway sent.
      payload: {
        report: {
          to: report.to,
          messageType: report.messageType,
          content: report.content,
          caption: report.caption,
        },
        data: report.payload,
      },
    });
    if (!stored) return "duplicate";
    this.onReceived();
    return "accepted";
  }
}
