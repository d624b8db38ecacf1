import { mergeFaults, newPhoneNumber, type SimControlSurface, UnknownInstanceError } from "@whatlead/sim-kit";
import type { WuzapiContext } from "./context";
import { zeroFaults } from "./faults";
import type { WuzapiSimFaults, WuzapiSimInstanceInfo, WuzapiSimSend } from "./types";
import { newUser, startClient, type WuzapiUser } from "./user";

/** The test-facing operations, shared by the programmatic API and the /_sim HTTP routes. */
export class WuzapiControl implements SimControlSurface {
  constructor(private readonly ctx: WuzapiContext) {}

  get sends(): WuzapiSimSend[] {
    return this.ctx.sendLog.sends;
  }

  setFaults(patch: Partial<Record<keyof WuzapiSimFaults, unknown>>): WuzapiSimFaults {
    mergeFaults(this.ctx.faults, patch);
    return { ...this.ctx.faults };
  }

  resetFaults(): void {
    Object.assign(this.ctx.faults, zeroFaults());
  }

  createInstance(name: string, opts?: { connected?: boolean }): WuzapiSimInstanceInfo {
    const user = this.ctx.users.add(newUser(this.ctx.nextUserId++, name, undefined));
    if (opts?.connected ?? this.ctx.autoConnect) startClient(user, ["All"], true);
    return { id: user.id, name: user.name, token: user.token };
  }

  setConnected(name: string, connected: boolean): void {
    const user = this.require(name);
    if (user.hasClient) user.socketUp = connected;
  }

  pair(name: string): void {
    const user = this.require(name);
    user.phoneNumber ??= newPhoneNumber();
    if (user.hasClient) user.socketUp = true;
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

  instanceState(name: string): { Connected: boolean; LoggedIn: boolean } {
    const user = this.require(name);
    return { Connected: user.hasClient && user.socketUp, LoggedIn: user.phoneNumber !== undefined };
  }

  private require(name: string): WuzapiUser {
    const user = this.ctx.users.get(name);
    if (user === undefined) throw new UnknownInstanceError("wuzapi-sim", name);
    return user;
  }
}
