import type { ProviderRegistry } from "../../application/ports/provider-registry";
import type { UpdateInstanceConnectionUseCase } from "../../application/use-cases/update-instance-connection";
import type { Instance } from "../../domain/instance/instance";
import type { InstanceRepository } from "../../domain/instance/instance-repository";
import type { Logger } from "../logging/logger";
import type { MaintenanceTask } from "./maintenance-tasks";

export interface HoldProberSettings {
  /** Held instances probed per run. */
  batchSize: number;
  /** The first probe's delay after the previous one; it doubles per probe up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Lifts holds when no webhook says the number is back: asks the gateway for each held instance's
 * state, with backoff, and lifts the hold once it answers `connected` (a logged-out number answers
 * so only after it was paired again). Every process runs one; the probes are claimed in the
 * database, so each held instance is probed once per round, not once per process.
 */
export class HoldProber implements MaintenanceTask {
  readonly name = "hold probe";

  constructor(
    private readonly instances: InstanceRepository,
    private readonly providers: ProviderRegistry,
    private readonly updateConnection: UpdateInstanceConnectionUseCase,
    private readonly logger: Logger,
    private readonly settings: HoldProberSettings,
  ) {}

  async run(): Promise<void> {
    const due = await this.instances.claimHoldProbes(this.settings.batchSize, {
      baseMs: this.settings.baseDelayMs,
      maxMs: this.settings.maxDelayMs,
    });
    await Promise.all(due.map((instance) => this.probe(instance)));
  }

  private async probe(instance: Instance): Promise<void> {
    const state = await this.providers
      .get(instance.provider)
      ?.getInstanceState(instance.gatewayName)
      .catch(() => null);
    if (state?.status !== "connected") return;
    await this.updateConnection.execute({
      provider: instance.provider,
      instanceName: instance.gatewayName,
      occurredAt: new Date(),
      payload: { probe: "instance state" },
      status: "connected",
      phoneNumber: state.phoneNumber,
      loggedOut: false,
    });
    this.logger.info({ instanceId: instance.id }, "hold lifted: the gateway says the number is connected");
  }
}
