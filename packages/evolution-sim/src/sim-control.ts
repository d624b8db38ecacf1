import { mergeFaults, type SimControlSurface, UnknownInstanceError } from "@whatlead/sim-kit";
import { dropConnection, logout, openConnection, restoreConnection } from "./connection";
import type { EvolutionContext } from "./context";
import { zeroFaults } from "./faults";
import { type EvolutionInstance, markPaired, newEvolutionInstance } from "./instance";
import type { EvolutionSimFaults, EvolutionSimInstanceInfo, EvolutionSimSend } from "./types";

/** The test-facing operations, shared by the programmatic API and the /_sim HTTP routes. */
export class EvolutionControl implements SimControlSurface {
  constructor(private readonly ctx: EvolutionContext) {}

  get sends(): EvolutionSimSend[] {
    return this.ctx.sendLog.sends;
  }

  setFaults(patch: Partial<Record<keyof EvolutionSimFaults, unknown>>): EvolutionSimFaults {
    mergeFaults(this.ctx.faults, patch);
    return { ...this.ctx.faults };
  }

  resetFaults(): void {
    Object.assign(this.ctx.faults, zeroFaults());
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

  maxInFlightByInstance(): Record<string, number> {
    return this.ctx.inFlight.maxByInstance();
  }

  inFlight(): number {
    return this.ctx.inFlight.inFlight();
  }

  clear(): void {
    this.ctx.sendLog.clear();
    this.ctx.inFlight.resetPeaks();
  }

  stats() {
    return {
      inFlight: this.inFlight(),
      maxInFlightByInstance: this.maxInFlightByInstance(),
      sends: this.sends.length,
    };
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
