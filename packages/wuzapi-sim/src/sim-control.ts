import {
  newPhoneNumber,
  SimControlBase,
  type SimControlSurface,
  UnknownInstanceError,
} from "@whatlead/sim-kit";
import type { WuzapiContext } from "./context";
import { zeroFaults } from "./faults";
import type { WuzapiSimFaults, WuzapiSimInstanceInfo, WuzapiSimSend } from "./types";
import { newUser, startClient, type WuzapiUser } from "./user";

/** The test-facing operations, shared by the programmatic API and the /_sim HTTP routes. */
export class WuzapiControl
  extends SimControlBase<WuzapiSimFaults, WuzapiSimSend>
  implements SimControlSurface
{
  constructor(private readonly ctx: WuzapiContext) {
    super(ctx, zeroFaults);
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
