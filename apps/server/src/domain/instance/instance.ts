import type { InstanceStatus } from "./instance-status";

/** A WhatsApp number served by a gateway, known to the gateway by `name`. */
export interface Instance {
  id: string;
  organizationId: string;
  name: string;
  provider: string;
  status: InstanceStatus;
  phoneNumber: string | null;
  /** A paused instance's jobs wait: no worker claims them, so they consume no attempt. */
  paused: boolean;
  createdAt: Date;
  updatedAt: Date;
}
