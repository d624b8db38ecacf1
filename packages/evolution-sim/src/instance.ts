import { newPhoneNumber, newUuid } from "@whatlead/sim-kit";

export type ConnectionState = "open" | "connecting" | "close";

/** As stored by POST /webhook/set or the create call's `webhook`. */
export interface EvolutionWebhookConfig {
  url: string;
  /** Upper-case names (SEND_MESSAGE…); empty means every event. */
  events: string[];
  headers: Record<string, string>;
  enabled: boolean;
  byEvents: boolean;
}

export interface EvolutionInstance {
  id: string;
  name: string;
  /** The `hash` create returns: this instance's own apikey. */
  token: string;
  state: ConnectionState;
  /** Set once paired; kept across silent reconnects, cleared by logout. */
  phoneNumber: string | undefined;
  /** Numbers already looked up (onWhatsApp is cached): a send to one while the socket is down fails later, with a 400. */
  knownNumbers: Set<string>;
  webhook: EvolutionWebhookConfig | undefined;
}

export function newEvolutionInstance(name: string, token: string | undefined): EvolutionInstance {
  return {
    id: newUuid(),
    name,
    token: token ?? newUuid().toUpperCase(),
    state: "close",
    phoneNumber: undefined,
    knownNumbers: new Set(),
    webhook: undefined,
  };
}

export function markPaired(instance: EvolutionInstance): void {
  instance.phoneNumber ??= newPhoneNumber();
  instance.state = "open";
}

export function ownJid(instance: EvolutionInstance): string | undefined {
  return instance.phoneNumber === undefined ? undefined : `${instance.phoneNumber}@s.whatsapp.net`;
}
