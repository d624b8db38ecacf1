import { SimControlBase, type SimControlSurface, UnknownInstanceError } from "@whatlead/sim-kit";
import { dropConnection, logout, openConnection, restoreConnection } from "./connection";
import type { EvolutionContext } from "./context";
import { zeroFaults } from "./faults";
import { type EvolutionInstance, markPaired, newEvolutionInstance } from "./instance";
import type { EvolutionSimFaults, EvolutionSimInstanceInfo, EvolutionSimSend } from "./types";

/** The test-facing operations, shared by the programmatic API and the /_sim HTTP routes. */
export class EvolutionControl
  extends SimControlBase<EvolutionSimFaults, EvolutionSimSend>
  implements SimControlSurface
{
  constructor(private readonly ctx: EvolutionContext) {
    super(ctx, zeroFaults);
  }

  /** Direct creation: no webhooks fire (none can be configured yet). */
  createInstance(name: string, opts?: { connected?: boolean }): EvolutionSimInstanceInfo {
    const instance = this.ctx.instances.add(newEvolutionInstance(name, undefined));
    if (opts?.connected ?? this.ctx.autoConnect) markPaired(instance);
    return { id: instance.id, name: instance.name, apiKey: instance.token };
  }

  setConnected(name: string, connected: boolean): void {
    const instance = this.require(name);
    if (connected) restoreConnection(this.ctx, instance);
    else dropConnection(this.ctx, instance);
  }

  pair(name: string): void {
    openConnection(this.ctx, this.require(name));
  }

  logout(name: string): void {
    logout(this.ctx, this.require(name));
  }

  instanceState(name: string): { instance: { instanceName: string; state: string } } {
    const instance = this.require(name);
    return { instance: { instanceName: instance.name, state: instance.state } };
  }

  private require(name: string): EvolutionInstance {
    const instance = this.ctx.instances.get(name);
    if (instance === undefined) throw new UnknownInstanceError("evolution-sim", name);
    return instance;
  }
}
