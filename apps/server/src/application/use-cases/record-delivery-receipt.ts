import type { ReceiptStatus } from "../../domain/intent/delivery-receipt";
import { jobEventBase } from "../../domain/job/job-event-base";
import type { MessageReceiptEvent } from "../../domain/timeline/domain-event";
import { confirmAttemptSent } from "../gateway/confirm-attempt-sent";
import type { ReceiptReport } from "../gateway/gateway-reports";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { Repositories } from "../ports/unit-of-work";

const RECEIPT_EVENT_TYPE = {
  delivered: "MessageDelivered",
  read: "MessageRead",
  played: "MessagePlayed",
  rejected: "MessageRejected",
} as const satisfies Record<ReceiptStatus, MessageReceiptEvent["type"]>;

/**
 * - `recorded`: the intent's timestamp was set and the event stored and published;
 * - `duplicate`: that receipt was already recorded (gateways repeat them);
 * - `pending`: no job carries the message id yet (its send is unconfirmed, or its answer is still
 *   being written), or the job carrying it is still waiting for its attempt's answer: the receipt
 *   is kept and applied by the reconciler once a job carries it and that attempt is settled.
 */
export type ReceiptResult = "recorded" | "duplicate" | "pending";

/**
 * Records delivered / read / played receipts on the intent of the job that carries the message id.
 * Each status is recorded once, in any order (a read may arrive before its delivered). A job carries
 * an id before its answer only when we chose the id (wuzapi: stored with the dispatch mark), so a
 * receipt for the id of an UNCONFIRMED job proves that attempt went out: the job becomes SENT
 * (`MessageConfirmedByGateway`) before the receipt is recorded, with no other match needed.
 */
export class RecordDeliveryReceiptUseCase {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  async execute(report: ReceiptReport): Promise<ReceiptResult> {
    const result = await this.apply(report);
    if (result === "pending") {
      await this.repos.gatewayEvents.store({
        provider: report.provider,
        instanceName: report.instanceName,
        kind: "receipt",
        messageId: report.messageId,
        receiptStatus: report.status,
        occurredAt: report.occurredAt,
        receivedAt: this.clock.now(),
        resolution: "pending",
        payload: report.payload,
      });
    }
    return result;
  }

  /** Applies the receipt if a job carries its message id, without keeping it otherwise. */
  async apply(report: ReceiptReport): Promise<ReceiptResult> {
    const job = await this.repos.jobs.findByProviderMessageId(report.messageId);
    if (!job) return "pending";
    const props = job.toProps();
    // Its worker's answer decides first; if that answer never comes, the attempt ends UNCONFIRMED.
    if (props.status === "PROCESSING") return "pending";
    if (
      props.status === "UNCONFIRMED" &&
      !(await confirmAttemptSent(this.deps(), props, report.messageId, this.clock.now(), report.provider))
    )
      return "pending";
    const event: MessageReceiptEvent = {
      ...jobEventBase(props, report.occurredAt, `gateway:${report.provider}`),
      type: RECEIPT_EVENT_TYPE[report.status],
      providerMessageId: report.messageId,
    };
    const recorded = await this.repos.intents.recordReceipt(
      props.intentId,
      report.status,
      report.occurredAt,
      event,
    );
    if (!recorded) return "duplicate";
    this.bus.publish([event]);
    return "recorded";
  }

  private deps() {
    return { repos: this.repos, bus: this.bus };
  }
}
