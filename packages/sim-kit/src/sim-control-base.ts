import type { CheckLog, LoggedCheck } from "./check-log";
import { mergeFaults } from "./faults";
import type { InFlightTracker } from "./in-flight";
import type { LoggedPresence, PresenceLog } from "./presence-log";
import type { LoggedSend, SendLog } from "./send-log";

/** What every sim's control reads: its faults, its send, presence and check logs and its in-flight counts. */
export interface ControlState<F extends object, S extends LoggedSend> {
  faults: F;
  sendLog: SendLog<S>;
  presenceLog: PresenceLog;
  checkLog: CheckLog;
  inFlight: InFlightTracker;
}

/** The operations of SimControlSurface that do not depend on the gateway; each sim adds its instances. */
export abstract class SimControlBase<F extends object, S extends LoggedSend> {
  constructor(
    private readonly state: ControlState<F, S>,
    private readonly zeroFaults: () => F,
  ) {}

  get sends(): S[] {
    return this.state.sendLog.sends;
  }

  get presences(): LoggedPresence[] {
    return this.state.presenceLog.presences;
  }

  get checks(): LoggedCheck[] {
    return this.state.checkLog.checks;
  }

  setFaults(patch: Partial<Record<keyof F, unknown>>): F {
    mergeFaults(this.state.faults, patch);
    return { ...this.state.faults };
  }

  resetFaults(): void {
    Object.assign(this.state.faults, this.zeroFaults());
  }

  maxInFlightByInstance(): Record<string, number> {
    return this.state.inFlight.maxByInstance();
  }

  inFlight(): number {
    return this.state.inFlight.inFlight();
  }

  clear(): void {
    this.state.sendLog.clear();
    this.state.presenceLog.clear();
    this.state.checkLog.clear();
    this.state.inFlight.resetPeaks();
  }

  stats(): { inFlight: number; maxInFlightByInstance: Record<string, number>; sends: number } {
    return {
      inFlight: this.inFlight(),
      maxInFlightByInstance: this.maxInFlightByInstance(),
      sends: this.sends.length,
    };
  }
}

/** A control with instances: what the programmatic API of every sim exposes. */
export interface InstanceControl<F extends object, S extends LoggedSend, I> extends SimControlBase<F, S> {
  createInstance(name: string, opts?: { connected?: boolean }): I;
  setConnected(name: string, connected: boolean): void;
  pair(name: string): void;
}

/** The programmatic API every sim shares, over its control; close() runs `shutdown` once. */
export function simApi<F extends object, S extends LoggedSend, I>(
  control: InstanceControl<F, S, I>,
  shutdown: () => Promise<void>,
) {
  let closing: Promise<void> | undefined;
  return {
    sends: control.sends,
    /** Every presence set (typing, recording, paused), in order, with its time. */
    presences: control.presences,
    /** Every recipient-check call, in order. */
    checks: control.checks,
    setFaults: (f: Partial<F>) => void control.setFaults(f),
    resetFaults: () => control.resetFaults(),
    createInstance: (name: string, opts?: { connected?: boolean }) => control.createInstance(name, opts),
    setConnected: (name: string, connected: boolean) => control.setConnected(name, connected),
    pair: (name: string) => control.pair(name),
    maxInFlightByInstance: () => control.maxInFlightByInstance(),
    inFlight: () => control.inFlight(),
    clear: () => control.clear(),
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}
