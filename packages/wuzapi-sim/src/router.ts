import type { IncomingMessage, ServerResponse } from "node:http";
import { handleControl, splitPath, writePlain } from "@whatlead/sim-kit";
import type { WuzapiContext } from "./context";
import { respondError } from "./envelope";
import type { UserCall, WuzapiCall } from "./route-call";
import { routeAdmin } from "./routes/admin";
import { handleChatPresence } from "./routes/presence";
import { handleSend, SEND_ROUTES } from "./routes/send";
import { SESSION_ROUTES } from "./routes/session";
import { handleUserCheck } from "./routes/user-check";
import { WEBHOOK_ROUTES } from "./routes/webhook";
import type { WuzapiControl } from "./sim-control";

type UserRoute = (call: UserCall) => void | Promise<void>;

function findUserRoute(method: string, segments: string[]): UserRoute | undefined {
  const [area, ...rest] = segments;
  const path = rest.join("/");
  const sendType = SEND_ROUTES[path];
  if (area === "chat" && method === "POST" && sendType !== undefined)
    return (call) => handleSend(call, sendType);
  if (area === "chat" && path === "presence" && method === "POST") return handleChatPresence;
  if (area === "session" && rest.length === 1) return SESSION_ROUTES[`${method} ${path}`];
  if (area === "webhook" && rest.length === 0) return WEBHOOK_ROUTES[method];
  if (area === "user" && path === "check" && method === "POST") return handleUserCheck;
  return undefined;
}

/** Header `token` or `?token=` (H:55-110); the code reads no Authorization header on user routes. */
function tokenOf(req: IncomingMessage): string {
  const header = req.headers.token;
  if (typeof header === "string" && header !== "") return header;
  return new URL(req.url ?? "/", "http://sim").searchParams.get("token") ?? "";
}

async function route(call: WuzapiCall, control: WuzapiControl): Promise<void> {
  const method = call.req.method ?? "GET";
  if (await handleControl(call, control)) return;
  const [area, sub, id, extra] = call.segments;
  if (area === "admin" && sub === "users" && extra === undefined) return routeAdmin(call, method, id);
  const userRoute = findUserRoute(method, call.segments);
  if (userRoute === undefined) return writePlain(call.res, 404, "404 page not found\n");
  const user = call.ctx.users.getByKey(tokenOf(call.req));
  if (user === undefined) return respondError(call.res, 401, "Unauthorized");
  return userRoute({ ...call, user });
}

export function createWuzapiHandler(
  ctx: WuzapiContext,
  control: WuzapiControl,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const call: WuzapiCall = { ctx, req, res, segments: splitPath(req.url ?? "/") };
    route(call, control).catch((error: Error) => {
      if (!res.headersSent) respondError(res, 500, error.message);
    });
  };
}
