import type { IncomingMessage, ServerResponse } from "node:http";
import { handleControl, splitPath, writeJson } from "@whatlead/sim-kit";
import type { EvolutionContext } from "./context";
import { sendEvolutionError } from "./envelope";
import type { EvolutionInstance } from "./instance";
import type { EvolutionCall } from "./route-call";
import { handleSendPresence, handleWhatsAppNumbers } from "./routes/chat";
import { handleCreate, INSTANCE_ACTIONS } from "./routes/instances";
import { handleSend, SEND_ACTIONS } from "./routes/send";
import { handleSetWebhook } from "./routes/webhook";
import type { EvolutionControl } from "./sim-control";

type InstanceRoute = (call: EvolutionCall, instance: EvolutionInstance) => void | Promise<void>;

function findInstanceRoute(method: string, area: string, action: string): InstanceRoute | undefined {
  const sendType = SEND_ACTIONS[action];
  if (area === "message" && method === "POST" && sendType !== undefined) {
    return (call, instance) => handleSend(call, instance, sendType);
  }
  if (area === "instance") return INSTANCE_ACTIONS[`${method} ${action}`];
  if (area === "webhook" && method === "POST" && action === "set") return handleSetWebhook;
  if (area === "chat" && method === "POST" && action === "whatsappNumbers") return handleWhatsAppNumbers;
  if (area === "chat" && method === "POST" && action === "sendPresence") return handleSendPresence;
  return undefined;
}

function apiKeyOf(call: EvolutionCall): string {
  const key = call.req.headers.apikey;
  return typeof key === "string" ? key : "";
}

function unauthorized(call: EvolutionCall): void {
  sendEvolutionError(call.res, 401, "Unauthorized");
}

function notFound(call: EvolutionCall): void {
  sendEvolutionError(call.res, 404, [`Cannot ${call.req.method} ${call.req.url}`]);
}

/** The guards run "instance exists" before "apikey" (index.router.ts:41): an unknown instance is 404 even without a key. */
function routeInstance(call: EvolutionCall, route: InstanceRoute, name: string): void | Promise<void> {
  const instance = call.ctx.instances.get(name);
  if (instance === undefined) {
    return sendEvolutionError(call.res, 404, [`The "${name}" instance does not exist`]);
  }
  const key = apiKeyOf(call);
  if (key !== call.ctx.adminKey && key !== instance.token) return unauthorized(call);
  return route(call, instance);
}

async function route(call: EvolutionCall, control: EvolutionControl): Promise<void> {
  const method = call.req.method ?? "GET";
  const [area, action, name, extra] = call.segments;
  if (area === undefined && method === "GET") {
    return writeJson(call.res, 200, {
      status: 200,
      message: "Welcome to the Evolution API, it is working!",
      version: "2.3.6",
    });
  }
  if (await handleControl(call, control)) return;
  if (area === "instance" && action === "create" && name === undefined && method === "POST") {
    if (apiKeyOf(call) !== call.ctx.adminKey) return unauthorized(call);
    return handleCreate(call);
  }
  const instanceRoute = findInstanceRoute(method, area ?? "", action ?? "");
  if (instanceRoute === undefined || name === undefined || extra !== undefined) return notFound(call);
  return routeInstance(call, instanceRoute, name);
}

export function createEvolutionHandler(
  ctx: EvolutionContext,
  control: EvolutionControl,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const call: EvolutionCall = { ctx, req, res, segments: splitPath(req.url ?? "/") };
    route(call, control).catch((error: Error) => {
      if (!res.headersSent) sendEvolutionError(res, 500, error.message);
    });
  };
}
