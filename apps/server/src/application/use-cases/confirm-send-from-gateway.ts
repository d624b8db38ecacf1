import { confirmAttemptSent } from "../gateway/confirm-attempt-sent";
import type { SendReport } from "../gateway/gateway-reports";
import { reportMatchesIntent } from "../gateway/send-report-match";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { Repositories } from "../ports/unit-of-work";

/** How far the gateway's send time may be from the moment we handed the attempt over. */
export const CONFIRMATION_WINDOW = { beforeDispatchMs: 5_000, afterDispatchMs: 120_000 };
const MAX_CANDIDATES = 100;

/**
 * - `confirmed`: an UNCONFIRMED attempt became SENT with the reported message id;
 * - `known`: a job already carries that message id (the worker got the answer): nothing to do;
 * - `pending`: an attempt that fits is still waiting for its worker's answer: look again later;
 * - `unmatched`: no attempt fits (or the instance is not ours); `ambiguous`: several fit.
 */
export type ConfirmationResult = "confirmed" | "known" | "pending" | "unmatched" | "ambiguous";

/**
 * Settles the sends whose answer we lost (timeout, reset, crash) from the gateway's own
 * `send.message` report, once stored (ReceiveSendReportUseCase) and not settled by the batch that
 * finds its message id already on a job. TurboZap takes no client id, so the report is tied to an attempt by what
 * it says, and only when exactly one attempt can be meant:
 * - the report's instance name gives our instance;
 * - candidates are that instance's attempts still UNCONFIRMED or PROCESSING, handed to the gateway
 *   between 120 s before and 5 s after the report's send time, whose recipient (phone digits, or
 *   the group id) and content (text for TEXT; media kind and caption for MEDIA; audio; emoji for a
 *   reaction) are the report's;
 * - exactly one candidate, UNCONFIRMED: it becomes SENT with the report's message id
 *   (`MessageConfirmedByGateway` on the timeline, published);
 * - any candidate still PROCESSING: its worker's answer decides, as it usually arrives a moment
 *   after the report; the report stays `pending` and is looked at again by the reconciler (if the
 *   answer never comes the attempt ends UNCONFIRMED, and then the report settles it);
 * - none, or several UNCONFIRMED: the report is kept `unmatched` / `ambiguous` for an operator.
 *   We never guess between two identical messages to the same number.
 */
export class ConfirmSendFromGatewayUseCase {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  /** Tries to settle one stored report; SettleSendReportsUseCase calls it for those no job carries yet. */
  async settle(report: SendReport): Promise<ConfirmationResult> {
    if (await this.repos.jobs.findByProviderMessageId(report.messageId)) return "known";
    const instance = await this.repos.instances.findByGatewayName(report.provider, report.instanceName);
    if (!instance) return "unmatched";
    const sentAt = report.occurredAt.getTime();
    const attempts = await this.repos.jobs.listConfirmationCandidates({
      instanceId: instance.id,
      dispatchedFrom: new Date(sentAt - CONFIRMATION_WINDOW.afterDispatchMs),
      dispatchedTo: new Date(sentAt + CONFIRMATION_WINDOW.beforeDispatchMs),
      limit: MAX_CANDIDATES,
    });
    const candidates = attempts.filter((candidate) => reportMatchesIntent(report, candidate.intent));
    if (candidates.some((candidate) => candidate.job.status === "PROCESSING")) return "pending";
    const [only, ...others] = candidates;
    if (!only) return "unmatched";
    if (others.length > 0) return "ambiguous";
    const applied = await confirmAttemptSent(
      this.deps(),
      only.job,
      report.messageId,
      this.clock.now(),
      report.provider,
    );
    // Lost a race (an operator action, or the same report twice at once): look again later.
    return applied ? "confirmed" : "pending";
  }

  private deps() {
    return { repos: this.repos, bus: this.bus };
  }
}
