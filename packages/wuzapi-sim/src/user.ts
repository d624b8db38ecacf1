import { newPhoneNumber, newUuid } from "@whatlead/sim-kit";

/** One wuzapi user: one WhatsApp number, known by its token. */
export interface WuzapiUser {
  id: number;
  name: string;
  token: string;
  webhookUrl: string;
  /** The events given at create or by the webhook routes. */
  events: string[];
  /** The filter actually used: taken at /session/connect (W:690). */
  subscribed: string[];
  /** A whatsmeow client exists (after /session/connect, until disconnect or logout). */
  hasClient: boolean;
  /** The client's websocket is up. */
  socketUp: boolean;
  /** Paired: the store holds a device JID. */
  phoneNumber: string | undefined;
  /** whatsmeow's messageSendLock: the tail of this user's sends, one at a time. */
  sendChain: Promise<void>;
}

export function newUser(id: number, name: string, token: string | undefined): WuzapiUser {
  return {
    id,
    name,
    token: token ?? newUuid(),
    webhookUrl: "",
    events: [],
    subscribed: [],
    hasClient: false,
    socketUp: false,
    phoneNumber: undefined,
    sendChain: Promise.resolve(),
  };
}

export function startClient(user: WuzapiUser, subscribe: string[], pairNow: boolean): void {
  user.hasClient = true;
  user.socketUp = true;
  user.subscribed = subscribe;
  if (pairNow) user.phoneNumber ??= newPhoneNumber();
}

export function userJid(user: WuzapiUser): string {
  return user.phoneNumber === undefined ? "" : `${user.phoneNumber}@s.whatsapp.net`;
}

export function wantsEvent(user: WuzapiUser, event: string): boolean {
  return user.webhookUrl !== "" && (user.subscribed.includes(event) || user.subscribed.includes("All"));
}
