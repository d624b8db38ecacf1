import { str } from "../body-shape";
import { INSTANCE_NOT_FOUND_MESSAGE, INVALID_BODY_MESSAGE, sendData, sendError } from "../envelope";
import { instanceStatusView, instanceView, isValidInstanceName, type SimInstance } from "../instance";
import { newQrCode } from "../qr-code";
import { readRequestBody } from "../request-body";
import type { AuthedCall } from "../route-call";

/** POST /api/instance/create {name} */
export async function handleCreateInstance(call: AuthedCall): Promise<void> {
  const decoded = await readRequestBody(call, { name: "string" });
  if (!decoded.ok) return;
  const { res, ctx } = call;
  if (decoded.body === undefined) return sendError(res, 400, INVALID_BODY_MESSAGE);
  const name = str(decoded.body, "name");
  if (!isValidInstanceName(name)) {
    return sendError(
      res,
      400,
      "Invalid instance name. Use only alphanumeric, underscore, and hyphen characters",
    );
  }
  if (ctx.registry.has(name)) return sendError(res, 409, "Instance with this name already exists");
  const instance = ctx.registry.create(name);
  sendData(res, 201, { id: instance.id, name, api_key: instance.apiKey, status: instance.status });
}

/** GET /api/instance/list */
export function handleListInstances(call: AuthedCall): void {
  const instances = call.ctx.registry.list().map(instanceView);
  sendData(call.res, 200, { instances, total: instances.length });
}

type InstanceAction = (call: AuthedCall, instance: SimInstance) => void;

const getInstance: InstanceAction = (call, instance) => sendData(call.res, 200, instanceView(instance));

const getStatus: InstanceAction = (call, instance) => sendData(call.res, 200, instanceStatusView(instance));

// Asking for the QR connects the client first, as the gateway does; a paired account just reconnects.
const getQrCode: InstanceAction = (call, instance) => {
  call.ctx.registry.connect(instance);
  if (instance.status === "connected")
    return sendData(call.res, 200, { name: instance.name, status: "connected" });
  sendData(call.res, 200, { name: instance.name, status: "qrcode", ...newQrCode() });
};

const connect: InstanceAction = (call, instance) => {
  call.ctx.registry.connect(instance);
  // The gateway always answers "connecting" and points at the QR endpoint, whatever happened.
  sendData(call.res, 200, {
    name: instance.name,
    status: "connecting",
    message: "Connecting to WhatsApp, check QR code endpoint",
  });
};

const logout: InstanceAction = (call, instance) => {
  call.ctx.registry.logout(instance);
  sendData(call.res, 200, {
    name: instance.name,
    status: "disconnected",
    message: "Logged out successfully",
  });
};

const restart: InstanceAction = (call, instance) => {
  call.ctx.registry.setSocketUp(instance, false);
  call.ctx.registry.connect(instance);
  sendData(call.res, 200, { name: instance.name, status: "restarting", message: "Instance is restarting" });
};

const remove: InstanceAction = (call, instance) => {
  call.ctx.registry.setSocketUp(instance, false);
  call.ctx.registry.delete(instance.name);
  sendData(call.res, 200, { name: instance.name, message: "Instance deleted successfully" });
};

/** "METHOD action" → handler, for /api/instance/:name[/action]. */
const ACTIONS: Record<string, InstanceAction> = {
  "GET ": getInstance,
  "DELETE ": remove,
  "GET status": getStatus,
  "GET qrcode": getQrCode,
  "POST connect": connect,
  "POST logout": logout,
  "PUT restart": restart,
};

export function findInstanceAction(method: string, action: string): InstanceAction | undefined {
  return ACTIONS[`${method} ${action}`];
}

export function runInstanceAction(call: AuthedCall, name: string, action: InstanceAction): void {
  const instance = call.ctx.registry.get(name);
  if (instance === undefined) sendError(call.res, 404, INSTANCE_NOT_FOUND_MESSAGE);
  else action(call, instance);
}
