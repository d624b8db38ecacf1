import { SimControlBase, type SimControlSurface, UnknownInstanceError } from "@whatlead/sim-kit";
import type { SimContext } from "./context";
import { zeroFaults } from "./faults";
import { markPaired, type SimInstance } from "./instance";
import type { SimFaults, SimInstanceInfo, SimSend } from "./types";

/** The test-facing operations, shared by the programmatic API and the /_sim HTTP routes. */
export class SimControl extends SimControlBase<SimFaults, SimSend> implements SimControlSurface {
  constructor(private readonly ctx: SimContext) {
    super(ctx, zeroFaults);
  }

  /** Direct creation: no webhooks fire (none can be configured yet). */
  createInstance(name: string, opts?: { connected?: boolean }): SimInstanceInfo {
    const instance = this.ctx.registry.create(name);
    if (opts?.connected ?? this.ctx.registry.autoConnect) markPaired(instance);
    return { id: instance.id, name: instance.name, apiKey: instance.apiKey };
  }

  setConnected(name: string, connected: boolean): void {
    this.ctx.registry.setSocketUp(this.require(name), connected);
  }

  /** From now on, numbers connected for the first time wait for a QR scan (false) or pair at once (true). */
  setAutoConnect(on: boolean): void {
    this.ctx.registry.autoConnect = on;
  }

  pair(name: string): void {
    this.ctx.registry.pair(this.require(name));
  }

  instanceState(name: string): { name: string; status: string; phone_number: string | undefined } {
    const instance = this.require(name);
    return { name: instance.name, status: instance.status, phone_number: instance.phoneNumber };
  }

  private require(name: string): SimInstance {
    const instance = this.ctx.registry.get(name);
    if (instance === undefined) throw new UnknownInstanceError("turbozap-sim", name);
    return instance;
  }
}
