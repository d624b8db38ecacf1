import type { ApplyDeliveryReceiptsUseCase } from "../../application/use-cases/apply-delivery-receipts";
import type { SettleSendReportsUseCase } from "../../application/use-cases/settle-send-reports";
import type { Logger } from "../logging/logger";
import { ClaimLoop } from "../worker/claim-loop";

export interface ReceiptApplierOptions {
  /** Receipts (and send reports) one statement applies at most. */
  batchSize: number;
  /** How often it looks when its own process stored nothing (reports another process left). */
  pollIntervalMs: number;
}

/**
 * Works off the gateway reports inbox: woken when its process stores a receipt or a send report
 * (and every poll interval for what another process left), it applies one batch of receipts and
 * one of send reports at a time and goes again at once while a batch comes back full, so reports
 * that arrive during a batch make the next one. Appliers in several processes take disjoint rows
 * (SKIP LOCKED).
 */
export class ReceiptApplier {
  private readonly loop: ClaimLoop;

  constructor(
    apply: ApplyDeliveryReceiptsUseCase,
    settleSends: SettleSendReportsUseCase,
    logger: Logger,
    options: ReceiptApplierOptions,
  ) {
    this.loop = new ClaimLoop(
      {
        freeSlots: () => options.batchSize,
        claim: async (limit) => {
          const receipts = await apply.runOnce("received", limit);
          const { taken } = await settleSends.runOnce("received", limit);
          // A full batch of either kind means more may wait.
          return Math.max(receipts, taken);
        },
      },
      logger,
      { pollIntervalMs: options.pollIntervalMs, name: "receipt applier" },
    );
  }

  start(): void {
    this.loop.start();
  }

  wake(): void {
    this.loop.wake();
  }

  /** One batch now, whatever the loop is doing (tests). */
  runOnce(): Promise<number> {
    return this.loop.runOnce();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
