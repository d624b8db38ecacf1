import type { GatewayEvent } from "../../domain/gateway/gateway-event";
import type { Clock } from "../ports/clock";
import type { Repositories } from "../ports/unit-of-work";
import type { ApplyDeliveryReceiptsUseCase } from "./apply-delivery-receipts";
import type { ConfirmSendFromGatewayUseCase } from "./confirm-send-from-gateway";

export interface ReconcileSettings {
  batchSize: number;
  /** A report still pending after this long is given up on (`unmatched`), e.g. receipts of messages sent from the phone. */
  giveUpAfterMs: number;
}

export interface ReconcileSummary {
  receiptsApplied: number;
  sendsSettled: number;
  expired: number;
}

function textOr(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** Reads back what ConfirmSendFromGatewayUseCase kept of a send report. */
function keptSendReport(event: GatewayEvent) {
  const report = (event.payload.report ?? {}) as Record<string, unknown>;
  return {
    to: textOr(report.to) ?? "",
    messageType: textOr(report.messageType) ?? "",
    content: textOr(report.content),
    caption: textOr(report.caption),
  };
}

/**
 * Takes another look at kept gateway reports, off the webhook's hot path: pending receipts whose
 * message id a job carries by now (its send was confirmed, or its answer was written after the receipt came),
 * and send reports that were waiting for a worker's answer. Safe to run in every process at once:
 * every write it makes is fenced or recorded once.
 */
export class ReconcileGatewayEventsUseCase {
  constructor(
    private readonly repos: Repositories,
    private readonly confirmSend: ConfirmSendFromGatewayUseCase,
    private readonly applyReceipts: ApplyDeliveryReceiptsUseCase,
    private readonly clock: Clock,
    private readonly settings: ReconcileSettings,
  ) {}

  async runOnce(): Promise<ReconcileSummary> {
    const summary = {
      receiptsApplied: await this.applyReceipts.runOnce("pending", this.settings.batchSize),
      sendsSettled: 0,
      expired: 0,
    };
    for (const event of await this.repos.gatewayEvents.listPending("send", this.settings.batchSize)) {
      const result = await this.confirmSend.settle({ ...this.reportBase(event), ...keptSendReport(event) });
      if (result === "pending") continue;
      const resolution = result === "confirmed" || result === "known" ? "settled" : result;
      await this.repos.gatewayEvents.resolve(event.id, resolution, this.clock.now());
      summary.sendsSettled += 1;
    }
    const now = this.clock.now();
    summary.expired = await this.repos.gatewayEvents.expirePending(
      new Date(now.getTime() - this.settings.giveUpAfterMs),
      now,
    );
    return summary;
  }

  private reportBase(event: GatewayEvent) {
    return {
      provider: event.provider,
      instanceName: event.instanceName,
      messageId: event.messageId,
      occurredAt: event.occurredAt,
      payload: event.payload,
    };
  }
}
