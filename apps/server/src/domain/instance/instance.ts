import type { InstancePacing, InstanceWarmup, SendingWindow } from "./instance-pacing";
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
  /** Set while the gateway says the number cannot send now: its jobs wait unclaimed, no attempt spent. */
  hold: InstanceHold | null;
  pacing: InstancePacing | null;
  warmup: InstanceWarmup | null;
  sendingWindow: SendingWindow | null;
  /** Ask the gateway whether a phone number is on WhatsApp before its first send; a number that is not fails NOT_ON_WHATSAPP. */
  checkRecipients: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Why and since when an instance cannot send: the gateway's own answer (`INSTANCE_NOT_CONNECTED`, `LOGGED_OUT`…). */
export interface InstanceHold {
  since: Date;
  code: string;
  message: string;
}
