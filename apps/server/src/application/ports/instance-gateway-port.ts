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

/** Instance management on the gateway: separate from sending so that a send adapter stays rule-free. */
export interface InstanceGatewayPort {
  /** Creates the instance on the gateway when it is missing and asks it to connect; returns its state. */
  ensureInstance(name: string): Promise<GatewayInstanceState>;
  getInstanceState(name: string): Promise<GatewayInstanceState | null>;
  /** Points the instance's webhook (every event) at `target`; false when the gateway refused or was unreachable. */
  configureWebhook(name: string, target: WebhookTarget): Promise<boolean>;
}
