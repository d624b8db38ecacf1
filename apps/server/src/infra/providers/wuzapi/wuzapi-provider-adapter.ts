import type {
  GatewayInstanceState,
  PairingQr,
  WebhookTarget,
} from "../../../application/ports/instance-gateway-port";
import type { WhatsAppProvider } from "../../../application/ports/provider-registry";
import type {
  PresenceOutcome,
  RecipientCheckOutcome,
  SendOptions,
  SendOutcome,
} from "../../../application/ports/whatsapp-provider-port";
import type { MessageContent } from "../../../domain/intent/message-payload";
import type { TypingPlan } from "../../../domain/intent/typing-plan";
import { checkOutcomeOf } from "../check-outcomes";
import type { MediaFetcher } from "../media/media-fetcher";
import { presenceOutcomeOf } from "../presence-outcomes";
import type { WuzapiClient, WuzapiRawResult } from "./wuzapi-client";
import { dataField, type WuzapiEnvelope } from "./wuzapi-envelope";
import { mediaSourceOf, sendWuzapiMedia } from "./wuzapi-media";
import { wuzapiMessageId } from "./wuzapi-message-id";
import { toWuzapiOutcome } from "./wuzapi-outcome";
import { wuzapiUserToken } from "./wuzapi-user-token";

/** Receipts are the only events wuzapi reports about our sends. */
const EVENTS = ["ReadReceipt"];
const UNAVAILABLE: GatewayInstanceState = { status: "error", phoneNumber: null };

function readState(result: WuzapiRawResult): GatewayInstanceState {
  if (result.kind !== "response" || result.status !== 200) return UNAVAILABLE;
  const connected = dataField(result.body, "Connected") === true;
  const loggedIn = dataField(result.body, "LoggedIn") === true;
  if (connected && loggedIn) return { status: "connected", phoneNumber: null };
  return { status: connected ? "qrcode" : "disconnected", phoneNumber: null };
}

function isInWhatsapp(_status: number, envelope: WuzapiEnvelope | null): boolean | null {
  const users = envelope?.success === true ? dataField(envelope, "Users") : undefined;
  const first: unknown = Array.isArray(users) ? users[0] : undefined;
  const found =
    typeof first === "object" && first !== null
      ? (first as { IsInWhatsapp?: unknown }).IsInWhatsapp
      : undefined;
  return typeof found === "boolean" ? found : null;
}

/**
 * wuzapi (whatsmeow underneath) as a WhatsAppProvider. Each instance is a wuzapi user whose token is
 * derived from the admin token (see wuzapiUserToken), so every call can carry it without storing it.
 */
export class WuzapiProviderAdapter implements WhatsAppProvider {
  readonly name = "wuzapi";
  /**
   * wuzapi takes a caller-chosen id, but whether WhatsApp drops a repeated id is not established, so a
   * repeat after a lost answer is not treated as safe.
   */
  readonly capabilities = { idempotencyKey: false };

  constructor(
    private readonly client: WuzapiClient,
    private readonly adminToken: string,
    private readonly media: MediaFetcher,
  ) {}

  async send(
    instance: string,
    to: string,
    content: MessageContent,
    options: SendOptions,
  ): Promise<SendOutcome> {
    const token = this.tokenOf(instance);
    const id = options.messageId === undefined ? {} : { Id: options.messageId };
    switch (content.type) {
      case "TEXT":
        return toWuzapiOutcome(
          await this.client.sendText(token, { Phone: to, Body: content.payload.text, ...id }),
        );
      case "REACTION": {
        const { messageRef, emoji } = content.payload;
        return toWuzapiOutcome(await this.client.react(token, { Phone: to, Body: emoji, Id: messageRef }));
      }
      default: {
        // wuzapi downloads nothing: the bytes travel in the request, fetched here (nothing is sent when that fails).
        const { url, kind } = mediaSourceOf(content);
        const fetched = await this.media.fetch(url, kind);
        if (fetched.kind === "failed") return fetched.outcome;
        return toWuzapiOutcome(
          await sendWuzapiMedia(this.client, token, { Phone: to, ...id }, content, fetched),
        );
      }
    }
  }

  /**
   * Every attempt sends its own id, stored before the request leaves: a receipt for it settles a lost
   * answer. A reaction's Id field names its target, so a reaction cannot carry one.
   */
  messageIdFor(attemptKey: string, content: MessageContent): string | undefined {
    return content.type === "REACTION" ? undefined : wuzapiMessageId(attemptKey);
  }

  /** The gateway sets the presence and answers at once; it stays until the message goes. */
  async showPresence(instance: string, to: string, plan: TypingPlan): Promise<PresenceOutcome> {
    const media = plan.presence === "recording" ? "audio" : "";
    const result = await this.client.chatPresence(this.tokenOf(instance), {
      Phone: to,
      State: "composing",
      Media: media,
    });
    return presenceOutcomeOf(result, (_status, body) =>
      body?.success === true ? null : (body?.error ?? "unreadable answer"),
    );
  }

  /** `/user/check` answers `{Users: [{IsInWhatsapp, JID, Query, VerifiedName}]}`, one per number asked. */
  async checkRecipient(instance: string, phone: string): Promise<RecipientCheckOutcome> {
    const result = await this.client.checkUsers(this.tokenOf(instance), [phone]);
    return checkOutcomeOf(result, isInWhatsapp, toWuzapiOutcome);
  }

  /** Creates the user when missing (409: it exists with our token), then connects it, subscribed to receipts. */
  async ensureInstance(name: string): Promise<GatewayInstanceState> {
    const token = this.tokenOf(name);
    const current = await this.client.sessionStatus(token);
    if (current.kind === "response" && current.status === 401) {
      await this.client.createUser({ name, token, webhook: "", events: EVENTS.join(",") });
    }
    const state = readState(current);
    if (state.status !== "connected") await this.client.connect(token, EVENTS);
    return (await this.getInstanceState(name)) ?? UNAVAILABLE;
  }

  async configureWebhook(name: string, target: WebhookTarget): Promise<boolean> {
    const result = await this.client.setWebhook(this.tokenOf(name), target.url, EVENTS);
    return result.kind === "response" && result.status === 200;
  }

  async getInstanceState(name: string): Promise<GatewayInstanceState | null> {
    const result = await this.client.sessionStatus(this.tokenOf(name));
    if (result.kind === "response" && result.status === 401) return null;
    return readState(result);
  }

  /** The QR exists only while a client runs: one is started first (an error "Already Connected" is fine). */
  async pairingQr(name: string): Promise<PairingQr> {
    const token = this.tokenOf(name);
    await this.client.connect(token, EVENTS);
    const result = await this.client.qrCode(token);
    if (result.kind !== "response") return { kind: "unavailable", reason: "the gateway did not answer" };
    if (result.body?.error === "Already Loggedin") return { kind: "connected" };
    const qr = dataField(result.body, "QRCode");
    if (typeof qr === "string" && qr.startsWith("data:image/")) return { kind: "qr", qr };
    return {
      kind: "unavailable",
      reason: result.body?.error ?? "the gateway has no QR yet; ask again in a few seconds",
    };
  }

  /**
   * Logout, disconnect (a deleted user's client would keep running), then the user's deletion by
   * its id, found by its token. wuzapi caches tokens until it restarts, so a deleted user's token
   * still answers meanwhile: the user list, not the token, tells whether it is gone.
   */
  async removeInstance(name: string): Promise<boolean> {
    const token = this.tokenOf(name);
    await this.client.logout(token);
    await this.client.disconnect(token);
    const users = await this.client.listUsers();
    if (users.kind !== "response" || users.status !== 200 || !Array.isArray(users.body?.data)) return false;
    const user = (users.body.data as { id?: unknown; token?: unknown }[]).find((u) => u.token === token);
    if (user === undefined || typeof user.id !== "number") return true;
    const deleted = await this.client.deleteUser(user.id);
    return deleted.kind === "response" && (deleted.status === 200 || deleted.status === 404);
  }

  private tokenOf(instance: string): string {
    return wuzapiUserToken(this.adminToken, instance);
  }
}
