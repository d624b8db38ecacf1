// What the gateway simulators share: instances, faults, the send log, timers and webhook posting.
export { isDecodableBase64 } from "./base64";
export { handleControl, type SimControlSurface, UnknownInstanceError } from "./control-routes";
export { type CommonFaults, commonZeroFaults, latencyFor, mergeFaults, roll } from "./faults";
export { HeldResponses } from "./held-responses";
export { type BodyResult, readBody, writeJson, writeJsonText, writePlain } from "./http-io";
export { newMessageId, newPhoneNumber, newShortMessageId, newUuid } from "./ids";
export { InFlightTracker, trackInFlight } from "./in-flight";
export { InstanceDirectory } from "./instance-directory";
export { type LoggedPresence, PresenceLog } from "./presence-log";
export type { SimReceiptDelays } from "./receipt-delays";
export { type LoggedSend, SendLog } from "./send-log";
export { type ControlState, type InstanceControl, SimControlBase, simApi } from "./sim-control-base";
export { type ListenOptions, type SimHttpServer, serveSim, splitPath } from "./sim-server";
export { TimerBag } from "./timer-bag";
export { deliverWebhook, type RetryPolicy } from "./webhook-delivery";
export { WebhookPoster, type WebhookRequest } from "./webhook-post";
export { type ReceivedHook, type Receiver, startReceiver } from "./webhook-receiver";
export { isOnWhatsApp, jidUser } from "./whatsapp-directory";
