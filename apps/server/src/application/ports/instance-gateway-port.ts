import type { InstanceStatus } from "../../domain/instance/instance-status";

export interface GatewayInstanceState {
  status: InstanceStatus;
  phoneNumber: string | null;
}

/** Where the gateway should post its events about an instance, with the headers that authenticate them. */
export interface WebhookTarget {
  url: string;
  headers: Record<string, string>;
}

/** What the gateway offers to pair a number: a QR to scan, nothing (already paired), or no answer. */
export type PairingQr =
  | { kind: "qr"; qr: string }
  | { kind: "connected" }
  | { kind: "unavailable"; reason: string };

/** Instance management on the gateway: separate from sending so that a send adapter stays rule-free. */
export interface InstanceGatewayPort {
  /** Creates the instance on the gateway when it is missing and asks it to connect; returns its state. */
  ensureInstance(name: string): Promise<GatewayInstanceState>;
  getInstanceState(name: string): Promise<GatewayInstanceState | null>;
  /** Points the instance's webhook (every event) at `target`; false when the gateway refused or was unreachable. */
  configureWebhook(name: string, target: WebhookTarget): Promise<boolean>;
  /** The QR that pairs the instance (a `data:image/png;base64,…` URL), asking the gateway to connect it first. */
  pairingQr(name: string): Promise<PairingQr>;
  /**
   * Logs the number out and deletes the instance on the gateway. True once the gateway no longer
   * has it (a gateway that never had it included); false when it refused or was unreachable.
   */
  removeInstance(name: string): Promise<boolean>;
}
