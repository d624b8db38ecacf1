import type { InstanceHold } from "../../domain/instance/instance";
import { type JobError, LOGGED_OUT, NOT_CONNECTED } from "../../domain/job/job-error";
import type { InstanceEvent } from "../../domain/timeline/domain-event";
import type { ConnectionReport } from "../gateway/gateway-reports";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { UnitOfWork } from "../ports/unit-of-work";

/**
 * The gateway says a number connected, dropped or logged out (in a webhook, or answering the hold
 * prober): the instance's status follows, a drop holds it, a connection lifts its hold, and each
 * hold or release is a timeline event, written with the change and published after commit.
 */
export class UpdateInstanceConnectionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  /** Returns false when the instance is not one of ours. */
  async execute(report: ConnectionReport): Promise<boolean> {
    const events = await this.uow.run(async (repos) => {
      const instance = await repos.instances.findByGatewayName(report.provider, report.instanceName);
      if (!instance) return null;
      const phoneNumber = report.loggedOut ? null : (report.phoneNumber ?? instance.phoneNumber);
      const now = this.clock.now();
      await repos.instances.updateStatus(instance.id, report.status, phoneNumber, now);
      // Told before a send finds out: the number's jobs wait from now on instead of spending an attempt.
      const cause = holdCauseOf(report);
      if (cause) await repos.instances.hold(instance.id, report.status, cause);
      const after = await repos.instances.findById(instance.id);
      const base = { organizationId: instance.organizationId, instanceId: instance.id, occurredAt: now };
      const change = holdChange(instance.hold, after?.hold ?? null, { ...base, actor: "gateway" });
      if (change) await repos.timeline.append([change]);
      return change ? [change] : [];
    });
    if (!events) return false;
    this.bus.publish(events);
    return true;
  }
}

type InstanceEventBase = Omit<InstanceEvent, "type" | "error" | "heldSince">;

function holdChange(
  before: InstanceHold | null,
  after: InstanceHold | null,
  base: InstanceEventBase,
): InstanceEvent | null {
  if (!before && after) {
    return { ...base, type: "InstanceDisconnected", error: { code: after.code, message: after.message } };
  }
  if (before && !after) return { ...base, type: "InstanceReconnected", heldSince: before.since };
  return null;
}

/** A report that the number cannot send: logged out (held until paired again) or its socket dropped. */
function holdCauseOf(report: ConnectionReport): JobError | null {
  if (report.loggedOut) return LOGGED_OUT;
  if (report.status === "disconnected") return NOT_CONNECTED;
  return null;
}
