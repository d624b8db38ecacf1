import type { InstanceStatus } from "../../domain/instance/instance-status";

export interface GatewayInstanceState {
  status: InstanceStatus;
  phoneNumber: string | null;
}

/** Instance management on the gateway: separate from sending so that a send adapter stays rule-free. */
export interface InstanceGatewayPort {
  /** Creates the instance on the gateway when it is missing and asks it to connect; returns its state. */
  ensureInstance(name: string): Promise<GatewayInstanceState>;
  getInstanceState(name: string): Promise<GatewayInstanceState | null>;
}
