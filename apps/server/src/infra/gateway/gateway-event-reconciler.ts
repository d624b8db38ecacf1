import type { ReconcileGatewayEventsUseCase } from "../../application/use-cases/reconcile-gateway-events";
import type { Logger } from "../logging/logger";

/** Runs the gateway-event reconciliation every `intervalMs`, never overlapping itself. */
export class GatewayEventReconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly reconcile: ReconcileGatewayEventsUseCase,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.schedule();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => {
        if (this.timer) this.schedule();
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    try {
      const summary = await this.reconcile.runOnce();
      if (summary.receiptsApplied + summary.sendsSettled + summary.expired > 0)
        this.logger.info(summary, "gateway events reconciled");
    } catch (error) {
      this.logger.warn({ err: error }, "gateway event reconciliation failed; next pass retries");
    }
  }
}
