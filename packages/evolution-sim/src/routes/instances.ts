import { writeJson } from "@whatlead/sim-kit";
import { connect, logout } from "../connection";
import { sendEvolutionError } from "../envelope";
import { type EvolutionInstance, newEvolutionInstance } from "../instance";
import { readEvolutionBody } from "../request-body";
import type { EvolutionCall } from "../route-call";
import { schemaErrors } from "../schema";
import { webhookConfigFrom } from "./webhook";

const CREATE_SCHEMA = {
  instanceName: { type: "string", required: true },
  integration: { type: "string" },
  token: { type: "string" },
  qrcode: { type: "boolean" },
  webhook: { type: "object" },
} as const;

const QR_CODE = {
  pairingCode: null,
  code: "2@simulated-qr-code",
  base64:
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  count: 1,
};

/** POST /instance/create (global key only, checked by the router). */
export async function handleCreate(call: EvolutionCall): Promise<void> {
  const body = await readEvolutionBody(call);
  if (body === undefined) return;
  const errors = schemaErrors(body, CREATE_SCHEMA);
  if (errors.length > 0) return sendEvolutionError(call.res, 400, [errors]);
  const integration = (body.integration as string | undefined) ?? "WHATSAPP-BAILEYS";
  if (integration !== "WHATSAPP-BAILEYS") return sendEvolutionError(call.res, 400, ["Invalid integration"]);
  const name = body.instanceName as string;
  if (call.ctx.instances.has(name)) {
    return sendEvolutionError(call.res, 403, [`This name "${name}" is already in use.`]);
  }
  const webhook =
    body.webhook === undefined ? undefined : webhookConfigFrom(body.webhook as Record<string, unknown>);
  if (webhook instanceof Error) return sendEvolutionError(call.res, 500, webhook.message);
  const instance = call.ctx.instances.add(newEvolutionInstance(name, body.token as string | undefined));
  instance.webhook = webhook;
  if (body.qrcode === true) connect(call.ctx, instance);
  writeJson(call.res, 201, {
    instance: { instanceName: name, instanceId: instance.id, integration, status: instance.state },
    hash: instance.token,
    settings: { rejectCall: false, groupsIgnore: false, alwaysOnline: false, readMessages: false },
    ...(body.qrcode === true && instance.state !== "open" ? { qrcode: QR_CODE } : {}),
  });
}

type InstanceAction = (call: EvolutionCall, instance: EvolutionInstance) => void;

function stateView(instance: EvolutionInstance) {
  return { instance: { instanceName: instance.name, state: instance.state } };
}

const getConnect: InstanceAction = (call, instance) => {
  connect(call.ctx, instance);
  writeJson(call.res, 200, instance.state === "open" ? stateView(instance) : QR_CODE);
};

const getConnectionState: InstanceAction = (call, instance) => writeJson(call.res, 200, stateView(instance));

const deleteLogout: InstanceAction = (call, instance) => {
  if (instance.state === "close") {
    return sendEvolutionError(call.res, 400, [`The "${instance.name}" instance is not connected`]);
  }
  logout(call.ctx, instance);
  writeJson(call.res, 200, { status: "SUCCESS", error: false, response: { message: "Instance logged out" } });
};

const deleteInstance: InstanceAction = (call, instance) => {
  call.ctx.instances.delete(instance.name);
  writeJson(call.res, 200, { status: "SUCCESS", error: false, response: { message: "Instance deleted" } });
};

/** "METHOD action" → handler, for /instance/{action}/{name}. */
export const INSTANCE_ACTIONS: Record<string, InstanceAction> = {
  "GET connect": getConnect,
  "GET connectionState": getConnectionState,
  "DELETE logout": deleteLogout,
  "DELETE delete": deleteInstance,
};
