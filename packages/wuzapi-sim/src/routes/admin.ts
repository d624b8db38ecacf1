import { writeJson } from "@whatlead/sim-kit";
import { DECODE_ERROR, respondData, respondError } from "../envelope";
import { decodeFields, readWuzapiBody } from "../request-body";
import type { WuzapiCall } from "../route-call";
import { newUser, userJid, type WuzapiUser } from "../user";

const EVENT_TYPES = new Set(["Message", "ReadReceipt", "Presence", "HistorySync", "ChatPresence", "All"]);

function userView(user: WuzapiUser) {
  return {
    id: user.id,
    name: user.name,
    token: user.token,
    webhook: user.webhookUrl,
    jid: userJid(user),
    qrcode: "",
    connected: user.hasClient && user.socketUp,
    loggedIn: user.phoneNumber !== undefined,
    expiration: 0,
    events: user.events.join(","),
  };
}

/** POST /admin/users {name, token, webhook, expiration, events: "Message,ReadReceipt"} → bare {id}. */
async function createUser(call: WuzapiCall): Promise<void> {
  const raw = await readWuzapiBody(call);
  if (raw === undefined) return;
  const fields = decodeFields(raw, { name: "string", token: "string", webhook: "string", events: "string" });
  if (fields === undefined) return respondError(call.res, 400, DECODE_ERROR);
  const events = ((fields.events as string | undefined) ?? "").split(",").filter((e) => e !== "");
  const invalid = events.find((event) => !EVENT_TYPES.has(event));
  if (invalid !== undefined) return respondError(call.res, 400, `Invalid event: ${invalid}`);
  const { users } = call.ctx;
  const token = fields.token as string | undefined;
  if (token !== undefined && users.getByKey(token) !== undefined) {
    return respondError(call.res, 409, "User with the same token already exists");
  }
  const name = (fields.name as string | undefined) ?? "";
  if (name === "" || users.has(name)) return respondError(call.res, 400, "Missing or duplicate name");
  const user = users.add(newUser(call.ctx.nextUserId++, name, token));
  user.webhookUrl = (fields.webhook as string | undefined) ?? "";
  user.events = events;
  writeJson(call.res, 200, { id: user.id });
}

function listUsers(call: WuzapiCall): void {
  respondData(call.res, call.ctx.users.list().map(userView));
}

/** DELETE /admin/users/{id}: the user goes; its running client does not (out of scope here). */
function deleteUser(call: WuzapiCall, id: string) {
  const user = call.ctx.users.list().find((candidate) => String(candidate.id) === id);
  if (user === undefined) return respondError(call.res, 404, "User not found");
  call.ctx.users.delete(user.name);
  writeJson(call.res, 200, { Details: "User deleted successfully" });
}

/** /admin/users[/{id}], authorized by the raw admin token (none configured: anything passes). */
export function routeAdmin(call: WuzapiCall, method: string, id: string | undefined): void | Promise<void> {
  const { adminToken } = call.ctx;
  if (adminToken !== "" && call.req.headers.authorization !== adminToken) {
    return respondError(call.res, 401, "Unauthorized");
  }
  if (id === undefined && method === "POST") return createUser(call);
  if (id === undefined && method === "GET") return listUsers(call);
  if (id !== undefined && method === "DELETE") return deleteUser(call, id);
  respondError(call.res, 405, "Method not allowed");
}
