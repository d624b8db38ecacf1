import { type JobError, LOGGED_OUT, NOT_CONNECTED } from "../../domain/job/job-error";
import type { ConnectionReport } from "../gateway/gateway-reports";
import type { Clock } from "../ports/clock";
import type { Repositories } from "../ports/unit-of-work";

/** The gateway says a number connected, dropped or logged out: the instance's status follows. */
export class UpdateInstanceConnectionUseCase {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  /** Returns false when the instance is not one of ours. */
  async execute(report: ConnectionReport): Promise<boolean> {
    const instance = await this.repos.instances.findByName(report.provider, report.instanceName);
    if (!instance) return false;
    const phoneNumber = report.loggedOut ? null : (report.phoneNumber ?? instance.phoneNumber);
    await this.repos.instances.updateStatus(instance.id, report.status, phoneNumber, this.clock.now());
    // Told before a send finds out: the number's jobs wait from now on instead of spending an attempt.
    const cause = holdCauseOf(report);
    if (cause) await this.repos.instances.hold(instance.id, report.status, cause);
    return true;
  }
}

/** A report that the number cannot send: logged out (held until paired again) or its socket dropped. */
function holdCauseOf(report: ConnectionReport): JobError | null {
  if (report.loggedOut) return LOGGED_OUT;
  if (report.status === "disconnected") return NOT_CONNECTED;
  return null;
}
