import { InstanceDirectory } from "@whatlead/sim-kit";
import { isSocketUp, markPaired, newInstance, type SimInstance } from "./instance";
import { newQrCode } from "./qr-code";

/** Lifecycle notifications the webhooks turn into connection.update / qrcode.updated. */
export type InstanceEventListener = (
  instance: SimInstance,
  event: string,
  data: Record<string, unknown>,
) => void;

export class InstanceRegistry {
  private readonly directory = new InstanceDirectory<SimInstance>((instance) => instance.apiKey);

  constructor(
    /** Connecting pairs at once; off, an unpaired instance shows a QR until pair(). Tests may flip it. */
    public autoConnect: boolean,
    private readonly listener: InstanceEventListener,
  ) {}

  get(name: string): SimInstance | undefined {
    return this.directory.get(name);
  }

  getByApiKey(key: string): SimInstance | undefined {
    return this.directory.getByKey(key);
  }

  list(): SimInstance[] {
    return this.directory.list();
  }

  has(name: string): boolean {
    return this.directory.has(name);
  }

  create(name: string): SimInstance {
    return this.directory.add(newInstance(name));
  }

  delete(name: string): boolean {
    return this.directory.delete(name) !== undefined;
  }

  /** What POST .../connect does: a paired account reconnects; an unpaired one shows a QR unless autoConnect. */
  connect(instance: SimInstance): void {
    if (instance.phoneNumber !== undefined || this.autoConnect) {
      this.pair(instance);
      return;
    }
    if (instance.status === "qrcode") return;
    instance.status = "qrcode";
    this.listener(instance, "qrcode.updated", { ...newQrCode() });
  }

  pair(instance: SimInstance): void {
    const wasConnected = instance.status === "connected";
    markPaired(instance);
    if (!wasConnected) this.notifyConnection(instance, "connected");
  }

  /** Socket drop or recovery, without touching the pairing. */
  setSocketUp(instance: SimInstance, up: boolean): void {
    if (up === isSocketUp(instance)) return;
    if (!up) {
      instance.status = "disconnected";
      this.notifyConnection(instance, "disconnected");
      return;
    }
    if (instance.phoneNumber !== undefined) {
      this.pair(instance);
      return;
    }
    instance.status = "qrcode";
    this.listener(instance, "qrcode.updated", { ...newQrCode() });
  }

  logout(instance: SimInstance): void {
    instance.status = "disconnected";
    instance.phoneNumber = undefined;
    instance.profileName = undefined;
    this.notifyConnection(instance, "logged_out");
  }

  private notifyConnection(instance: SimInstance, status: string): void {
    this.listener(instance, "connection.update", {
      status,
      phone_number: status === "connected" ? instance.phoneNumber : undefined,
    });
  }
}
