import { newPhoneNumber, newUuid } from "@whatlead/sim-kit";
import type { WebhookConfig } from "./webhook-config";

export type InstanceStatus = "disconnected" | "connecting" | "connected" | "qrcode" | "error";

export interface SimInstance {
  id: string;
  name: string;
  apiKey: string;
  status: InstanceStatus;
  /** Set once paired (QR scanned); a paired instance whose socket drops keeps it. */
  phoneNumber: string | undefined;
  profileName: string | undefined;
  createdAt: Date;
  webhook: WebhookConfig | undefined;
}

export function newInstance(name: string): SimInstance {
  return {
    id: newUuid(),
    name,
    apiKey: newUuid(),
    status: "disconnected",
    phoneNumber: undefined,
    profileName: undefined,
    createdAt: new Date(),
    webhook: undefined,
  };
}

/** Socket up, which is all the gateway's "connected" check looks at (a "qrcode" instance passes it). */
export function isSocketUp(instance: SimInstance): boolean {
  return instance.status === "connected" || instance.status === "qrcode";
}

export function isReadyToSend(instance: SimInstance): boolean {
  return instance.status === "connected" && instance.phoneNumber !== undefined;
}

export function markPaired(instance: SimInstance): void {
  instance.phoneNumber ??= newPhoneNumber();
  instance.profileName ??= `Sim ${instance.name}`;
  instance.status = "connected";
}

const INSTANCE_NAME = /^[a-zA-Z0-9_-]+$/;

export function isValidInstanceName(name: string): boolean {
  return name.length > 0 && name.length <= 100 && INSTANCE_NAME.test(name);
}

export function instanceView(instance: SimInstance): Record<string, unknown> {
  return {
    id: instance.id,
    name: instance.name,
    status: instance.status,
    phone_number: instance.phoneNumber,
    profile_name: instance.profileName,
    created_at: instance.createdAt.toISOString(),
  };
}

export function instanceStatusView(instance: SimInstance): Record<string, unknown> {
  return {
    name: instance.name,
    status: instance.status,
    phone_number: instance.phoneNumber,
    profile_name: instance.profileName,
  };
}
