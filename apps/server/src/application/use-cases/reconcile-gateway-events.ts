import type { Clock } from "../ports/clock";
import type { Repositories } from "../ports/unit-of-work";
import type { ApplyDeliveryReceiptsUseCase } from "./apply-delivery-receipts";
import type { SettleSendReportsUseCase } from "./settle-send-reports";

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

/**
 * Takes another look at kept gateway reports, off the webhook's hot path: pending receipts whose
 * message id a job carries by now (its send was confirmed, or its answer was written after the receipt came),
 * and send reports that were waiting for a worker's answer. Safe to run in every process at once:
 * every write it makes is fenced or recorded once.
 */
export class ReconcileGatewayEventsUseCase {
  constructor(
    private readonly repos: Repositories,
    private readonly settleSends: SettleSendReportsUseCase,
    private readonly applyReceipts: ApplyDeliveryReceiptsUseCase,
    private readonly clock: Clock,
    private readonly settings: ReconcileSettings,
  ) {}

  async runOnce(): Promise<ReconcileSummary> {
    const receiptsApplied = await this.applyReceipts.runOnce("pending", this.settings.batchSize);
    const { settled } = await this.settleSends.runOnce("pending", this.settings.batchSize);
    const now = this.clock.now();
    const expired = await this.repos.gatewayEvents.expirePending(
      new Date(now.getTime() - this.settings.giveUpAfterMs),
      now,
    );
    return { receiptsApplied, sendsSettled: settled, expired };
  }
}
