import { DECODE_ERROR, respondData, respondError } from "../envelope";
import { decodeFields, readWuzapiBody } from "../request-body";
import type { UserCall } from "../route-call";
import { startClient, userJid } from "../user";

const QR_PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

/** POST /session/connect {Subscribe, Immediate}: without Immediate it blocks connectWaitMs first. */
async function connect(call: UserCall): Promise<void> {
  const { res, user, ctx } = call;
  const raw = await readWuzapiBody(call);
  if (raw === undefined) return;
  const fields = decodeFields(raw || "{}", { Subscribe: "string[]", Immediate: "boolean" });
  if (fields === undefined) return respondError(res, 400, DECODE_ERROR);
  if (user.hasClient) return respondError(res, 500, "Already Connected");
  const subscribe = (fields.Subscribe as string[] | undefined) ?? user.events;
  startClient(user, subscribe, ctx.autoConnect);
  if (fields.Immediate !== true) await ctx.timers.sleep(ctx.timeouts.connectWaitMs);
  respondData(res, {
    details: "Connected!",
    events: subscribe.join(","),
    jid: userJid(user),
    webhook: user.webhookUrl,
  });
}

function status(call: UserCall): void {
  respondData(call.res, {
    Connected: call.user.hasClient && call.user.socketUp,
    LoggedIn: call.user.phoneNumber !== undefined,
  });
}

function qr(call: UserCall) {
  const { res, user } = call;
  if (!user.hasClient) return respondError(res, 500, "Not connected");
  if (user.phoneNumber !== undefined) return respondError(res, 500, "Already Loggedin");
  respondData(res, { QRCode: QR_PNG });
}

function disconnect(call: UserCall): void {
  call.user.hasClient = false;
  call.user.socketUp = false;
  call.user.subscribed = [];
  respondData(call.res, { Details: "Disconnected" });
}

function logout(call: UserCall) {
  const { user, res } = call;
  if (user.phoneNumber === undefined) return respondError(res, 500, "Could not logout");
  user.phoneNumber = undefined;
  user.hasClient = false;
  user.socketUp = false;
  respondData(res, { Details: "Logged out" });
}

export const SESSION_ROUTES: Record<string, (call: UserCall) => void | Promise<void>> = {
  "POST connect": connect,
  "GET status": status,
  "GET qr": qr,
  "POST disconnect": disconnect,
  "POST logout": logout,
};
