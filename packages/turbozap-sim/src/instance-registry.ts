import { isSocketUp, markPaired, newInstance, type SimInstance } from "./instance";
import { newQrCode } from "./qr-code";

/** Lifecycle notifications the webhooks turn into connection.update / qrcode.updated. */
export type InstanceEventListener = (
  instance: SimInstance,
  event: string,
  data: Record<string, unknown>,
) => void;

export class InstanceRegistry {
  private readonly byName = new Map<string, SimInstance>();
  private readonly byKey = new Map<string, SimInstance>();

  constructor(
    private readonly autoConnect: boolean,
    private readonly listener: InstanceEventListener,
  ) {}

  get(name: string): SimInstance | undefined {
    return this.byName.get(name);
  }

  getByApiKey(key: string): SimInstance | undefined {
    return this.byKey.get(key);
  }

  list(): SimInstance[] {
    return [...this.byName.values()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  create(name: string): SimInstance {
    if (this.byName.has(name)) throw new Error(`instance "${name}" already exists`);
    const instance = newInstance(name);
    this.byName.set(name, instance);
    this.byKey.set(instance.apiKey, instance);
    return instance;
  }

  delete(name: string): boolean {
    const instance = this.byName.get(name);
    if (instance === undefined) return false;
    this.byName.delete(name);
    this.byKey.delete(instance.apiKey);
    return true;
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
