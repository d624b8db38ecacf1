import type { GatewayEvent } from "../../domain/gateway/gateway-event";
import type { ReportSource } from "../../domain/gateway/gateway-event-repository";
import type { Clock } from "../ports/clock";
import type { Repositories } from "../ports/unit-of-work";
import type { ConfirmSendFromGatewayUseCase } from "./confirm-send-from-gateway";

function textOr(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The send report ReceiveSendReportUseCase stored, in the terms settling needs. */
function storedSendReport(event: GatewayEvent) {
  const report = (event.payload.report ?? {}) as Record<string, unknown>;
  return {
    provider: event.provider,
    instanceName: event.instanceName,
    messageId: event.messageId,
    occurredAt: event.occurredAt,
    payload: event.payload,
    to: textOr(report.to) ?? "",
    messageType: textOr(report.messageType) ?? "",
    content: textOr(report.content),
    caption: textOr(report.caption),
  };
}

/**
 * Settles stored `send.message` reports in batches, off the webhook's hot path:
 * - one set-based statement settles every report of the batch whose message id a job already
 *   carries (its worker's answer was recorded: the normal case, whatever the batch's size);
 * - fresh from the inbox (`received`), the others only become `pending`: most are sends whose
 *   answer is a moment away (TurboZap reports a send before it answers it), so a per-report look
 *   now would mostly find the attempt still PROCESSING;
 * - a `pending` batch (the reconciler's) gives each remaining report the per-report look of
 *   ConfirmSendFromGatewayUseCase: one UNCONFIRMED fit is confirmed; none or several are kept
 *   `unmatched` / `ambiguous` for an operator; still PROCESSING, it stays pending.
 */
export class SettleSendReportsUseCase {
  constructor(
    private readonly repos: Repositories,
    private readonly confirmSend: ConfirmSendFromGatewayUseCase,
    private readonly clock: Clock,
  ) {}

  /** One batch of at most `limit`; returns how many reports it took. */
  async runOnce(source: ReportSource, limit: number): Promise<{ taken: number; settled: number }> {
    const { taken, unknown } = await this.repos.gatewayEvents.takeSendReports(
      source,
      limit,
      this.clock.now(),
    );
    let settled = taken - unknown.length;
    if (source === "received") return { taken, settled };
    for (const event of unknown) {
      const result = await this.confirmSend.settle(storedSendReport(event));
      if (result === "pending") continue;
      const resolution = result === "confirmed" || result === "known" ? "settled" : result;
      await this.repos.gatewayEvents.resolve(event.id, resolution, this.clock.now());
      settled += 1;
    }
    return { taken, settled };
  }
}
