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
    return true;
  }
}
