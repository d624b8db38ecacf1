import type { IncomingMessage, ServerResponse } from "node:http";
import { handleControl, splitPath, writeJsonText, writePlain } from "@whatlead/sim-kit";
import { authenticate } from "./auth";
import type { SimContext } from "./context";
import { sendError } from "./envelope";
import type { AuthedCall, RouteCall } from "./route-call";
import { handleCheckNumbers } from "./routes/contact";
import {
  findInstanceAction,
  handleCreateInstance,
  handleListInstances,
  runInstanceAction,
} from "./routes/instances";
import { handlePresence, isPresenceAction } from "./routes/presence";
import { handleSend, SEND_TYPES } from "./routes/send";
import { handleGetWebhook, handleSetWebhook } from "./routes/webhook";
import type { SimControl } from "./sim-control";
import type { SimSendType } from "./types";

const HEALTH_BODY = JSON.stringify({ status: "ok", service: "TurboZap API" });

/** Fiber's answer for a route it does not know. */
function notFound(call: RouteCall): void {
  writePlain(call.res, 404, `Cannot ${call.req.method} ${call.req.url}`);
}

// Routes under /api/instance/...
function routeInstance(call: AuthedCall, method: string, rest: string[]): void | Promise<void> {
  const [first, action, extra] = rest;
  if (first === undefined || extra !== undefined) return notFound(call);
  if (rest.length === 1 && first === "create" && method === "POST") return handleCreateInstance(call);
  if (rest.length === 1 && first === "list" && method === "GET") return handleListInstances(call);
  const handler = findInstanceAction(method, action ?? "");
  if (handler === undefined) return notFound(call);
  runInstanceAction(call, first, handler);
}

// Routes under /api/{message,presence,contact,webhook}/:instance/...
function routeByInstance(call: AuthedCall, method: string, rest: string[]): void | Promise<void> {
  const [area, instance, action, extra] = rest;
  if (instance === undefined || extra !== undefined) return notFound(call);
  if (area === "message" && method === "POST" && action !== undefined && SEND_TYPES.has(action)) {
    return handleSend(call, instance, action as SimSendType);
  }
  if (area === "presence" && method === "POST" && action !== undefined && isPresenceAction(action))
    return handlePresence(call, instance, action);
  if (area === "contact" && method === "POST" && action === "check")
    return handleCheckNumbers(call, instance);
  if (area === "webhook" && method === "POST" && action === "set") return handleSetWebhook(call, instance);
  if (area === "webhook" && method === "GET" && action === undefined) return handleGetWebhook(call, instance);
  notFound(call);
}

// The gateway authenticates the whole /api group before routing, so even unknown /api paths answer 401.
function routeApi(call: RouteCall, method: string): void | Promise<void> {
  const auth = authenticate(call.req, call.ctx.adminKey, call.ctx.registry);
  if (auth.kind === "rejected") return sendError(call.res, 401, auth.message);
  const authed: AuthedCall = { ...call, auth };
  const rest = call.segments.slice(1);
  if (rest[0] === "instance") return routeInstance(authed, method, rest.slice(1));
  return routeByInstance(authed, method, rest);
}

async function route(call: RouteCall, control: SimControl): Promise<void> {
  const method = call.req.method ?? "GET";
  const [root] = call.segments;
  if (root === "api") return routeApi(call, method);
  if (root === "health" && call.segments.length === 1 && method === "GET") {
    return writeJsonText(call.res, 200, HEALTH_BODY);
  }
  if (await handleControl(call, control)) return;
  notFound(call);
}

export function createRequestHandler(
  ctx: SimContext,
  control: SimControl,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const call: RouteCall = { ctx, req, res, segments: splitPath(req.url ?? "/") };
    // Like the gateway's recover middleware: a bug answers 500 instead of killing the process.
    route(call, control).catch(() => {
      if (!res.headersSent) sendError(res, 500, "Internal server error");
    });
  };
}
