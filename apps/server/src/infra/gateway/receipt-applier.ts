import type { ApplyDeliveryReceiptsUseCase } from "../../application/use-cases/apply-delivery-receipts";
import type { Logger } from "../logging/logger";
import { ClaimLoop } from "../worker/claim-loop";

export interface ReceiptApplierOptions {
  /** Receipts one statement applies at most. */
  batchSize: number;
  /** How often it looks when its own process stored nothing (receipts another process left). */
  pollIntervalMs: number;
}

/**
 * Works off the receipts inbox: woken when its process stores a receipt (and every poll interval
 * for what another process left), it applies one batch at a time and goes again at once while
 * batches come back full, so receipts that arrive during a batch make the next one. Appliers in
 * several processes take disjoint rows (SKIP LOCKED).
 */
export class ReceiptApplier {
  private readonly loop: ClaimLoop;

  constructor(apply: ApplyDeliveryReceiptsUseCase, logger: Logger, options: ReceiptApplierOptions) {
    this.loop = new ClaimLoop(
      {
        freeSlots: () => options.batchSize,
        claim: (limit) => apply.runOnce("received", limit),
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
