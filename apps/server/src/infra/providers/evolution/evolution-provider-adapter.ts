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
import type { InstanceStatus } from "../../../domain/instance/instance-status";
import type { MediaPayload, MessageContent } from "../../../domain/intent/message-payload";
import type { TypingPlan } from "../../../domain/intent/typing-plan";
import { checkOutcomeOf } from "../check-outcomes";
import { derivedSecret } from "../derived-secret";
import { mediaKindOf } from "../media/media-kind";
import { presenceOutcomeOf } from "../presence-outcomes";
import { cannotSendNow } from "../send-outcomes";
import { answerField, describeError } from "./evolution-answer";
import type { EvolutionClient, EvolutionRawResult } from "./evolution-client";
import { toEvolutionOutcome } from "./evolution-outcome";
import type { EvolutionMediaRequest } from "./evolution-requests";

/** The events the executor reads: the gateway's own send report, receipts and ERROR, connection changes. */
const WEBHOOK_EVENTS = ["SEND_MESSAGE", "MESSAGES_UPDATE", "CONNECTION_UPDATE"];
const STATES: Readonly<Record<string, InstanceStatus>> = {
  open: "connected",
  connecting: "connecting",
  close: "disconnected",
};
const UNAVAILABLE: GatewayInstanceState = { status: "error", phoneNumber: null };

function mediaRequest(to: string, payload: MediaPayload): EvolutionMediaRequest {
  const { mediaUrl, mimeType, caption, fileName } = payload;
  return {
    number: to,
    // `mediatype` picks the message type on Evolution; our payload names a MIME type.
    mediatype: mediaKindOf(mimeType),
    media: mediaUrl,
    mimetype: mimeType,
    ...(caption !== undefined ? { caption } : {}),
    ...(fileName !== undefined ? { fileName } : {}),
  };
}

/** The gateway normalizes numbers itself; a reaction's key needs a JID. */
function jidOf(to: string): string {
  return to.includes("@") ? to : `${to.replace(/\D/g, "")}@s.whatsapp.net`;
}

function readState(result: EvolutionRawResult): GatewayInstanceState | null {
  if (result.kind !== "response") return UNAVAILABLE;
  if (result.status === 404) return null;
  const state = answerField(result.body, "instance", "state");
  return typeof state === "string" && STATES[state] !== undefined
    ? { status: STATES[state], phoneNumber: null }
    : UNAVAILABLE;
}

function existsOf(status: number, answer: unknown): boolean | null {
  const first: unknown = status >= 200 && status < 300 && Array.isArray(answer) ? answer[0] : undefined;
  const exists = answerField(first, "exists");
  return typeof exists === "boolean" ? exists : null;
}

/** A closed socket fails the lookup with a 400 `{message: "Connection Closed"}` no send answers with. */
function checkFailure(result: EvolutionRawResult): SendOutcome {
  if (result.kind === "response" && describeError(result.status, result.body).includes("Connection Closed"))
    return cannotSendNow("INSTANCE_NOT_CONNECTED", "Connection Closed");
  return toEvolutionOutcome(result);
}

/**
 * Evolution API v2 (Baileys underneath) as a WhatsAppProvider: port calls to gateway calls, answers to
 * outcomes. An instance we create gets its own token (Evolution's `hash`, chosen by us at create:
 * derived from the global key, see derivedSecret, so it is never stored, returned nor logged), and
 * that instance's calls carry it rather than the global key, which only creation needs. An instance
 * created elsewhere has a hash we cannot know: its token is refused with a 401 before anything
 * happens, and the call is made again with the global key.
 */
export class EvolutionProviderAdapter implements WhatsAppProvider {
  readonly name = "evolution";
  /** No caller-chosen id on Evolution's send path: a repeat after a lost answer can send twice. */
  readonly capabilities = { idempotencyKey: false };

  constructor(
    private readonly client: EvolutionClient,
    private readonly apiKey: string,
  ) {}

  async send(
    instance: string,
    to: string,
    content: MessageContent,
    _options: SendOptions,
  ): Promise<SendOutcome> {
    return toEvolutionOutcome(
      await this.withInstanceKey(instance, (key) => this.request(instance, to, content, key)),
    );
  }

  /** The gateway holds the request for the whole typing time, then sets `paused` and answers. */
  async showPresence(instance: string, to: string, plan: TypingPlan): Promise<PresenceOutcome> {
    const body = { number: to, presence: plan.presence, delay: plan.durationMs };
    const result = await this.withInstanceKey(instance, (key) =>
      this.client.sendPresence(instance, body, key),
    );
    return presenceOutcomeOf(result, (status, answer) =>
      status >= 200 && status < 300 ? null : describeError(status, answer),
    );
  }

  /** whatsappNumbers answers a bare array, one `{jid, exists, number}` per number asked. */
  async checkRecipient(instance: string, phone: string): Promise<RecipientCheckOutcome> {
    const result = await this.withInstanceKey(instance, (key) =>
      this.client.whatsappNumbers(instance, [phone], key),
    );
    return checkOutcomeOf(result, existsOf, checkFailure);
  }

  private request(instance: string, to: string, content: MessageContent, key: string | undefined) {
    switch (content.type) {
      case "TEXT":
        return this.client.sendText(instance, { number: to, text: content.payload.text }, key);
      case "MEDIA":
        return this.client.sendMedia(instance, mediaRequest(to, content.payload), key);
      case "AUDIO":
        // Voice notes go through sendWhatsAppAudio (always ptt); a plain audio file through sendMedia.
        if (content.payload.ptt === false) {
          return this.client.sendMedia(
            instance,
            { number: to, mediatype: "audio", media: content.payload.audioUrl },
            key,
          );
        }
        return this.client.sendWhatsAppAudio(instance, { number: to, audio: content.payload.audioUrl }, key);
      case "REACTION": {
        const target = { id: content.payload.messageRef, remoteJid: jidOf(to), fromMe: false };
        return this.client.sendReaction(instance, { key: target, reaction: content.payload.emoji }, key);
      }
    }
  }

  /**
   * Makes an instance's call with its own token; a 401 (the auth guard, before any handler runs, so
   * nothing was sent) means a hash we did not choose, and the call is made with the global key.
   */
  private async withInstanceKey(
    name: string,
    call: (key: string | undefined) => Promise<EvolutionRawResult>,
  ): Promise<EvolutionRawResult> {
    const result = await call(this.tokenOf(name));
    return result.kind === "response" && result.status === 401 ? call(undefined) : result;
  }

  private tokenOf(name: string): string {
    return derivedSecret(this.apiKey, "evolution-instance", name);
  }

  /** Creates the instance when the gateway does not know it (a 403 "name in use" from a race is fine), then connects it. */
  async ensureInstance(name: string): Promise<GatewayInstanceState> {
    const known = await this.getInstanceState(name);
    if (known !== null && known.status !== "disconnected") return known;
    if (known === null)
      await this.client.createInstance({
        instanceName: name,
        integration: "WHATSAPP-BAILEYS",
        token: this.tokenOf(name),
      });
    await this.withInstanceKey(name, (key) => this.client.connect(name, key));
    return (await this.getInstanceState(name)) ?? UNAVAILABLE;
  }

  async configureWebhook(name: string, target: WebhookTarget): Promise<boolean> {
    const webhook = {
      enabled: true,
      url: target.url,
      events: WEBHOOK_EVENTS,
      headers: target.headers,
      byEvents: false,
    };
    const result = await this.withInstanceKey(name, (key) => this.client.setWebhook(name, { webhook }, key));
    return result.kind === "response" && result.status >= 200 && result.status < 300;
  }

  async getInstanceState(name: string): Promise<GatewayInstanceState | null> {
    return readState(await this.withInstanceKey(name, (key) => this.client.connectionState(name, key)));
  }

  /** `/instance/connect` answers the QR, or the state when already open; its failures are 200 `{error: true}`. */
  async pairingQr(name: string): Promise<PairingQr> {
    const result = await this.withInstanceKey(name, (key) => this.client.connect(name, key));
    if (result.kind !== "response") return { kind: "unavailable", reason: "the gateway did not answer" };
    if (result.status === 404)
      return { kind: "unavailable", reason: "the gateway does not know this instance" };
    if (answerField(result.body, "instance", "state") === "open") return { kind: "connected" };
    const qr = answerField(result.body, "base64");
    if (typeof qr === "string" && qr.startsWith("data:image/")) return { kind: "qr", qr };
    const failure = answerField(result.body, "message");
    return {
      kind: "unavailable",
      reason: typeof failure === "string" ? failure : "the gateway has no QR yet; ask again in a few seconds",
    };
  }

  /** The logout is refused (400) when the number is already closed: only the delete's answer counts. */
  async removeInstance(name: string): Promise<boolean> {
    await this.withInstanceKey(name, (key) => this.client.logout(name, key));
    const result = await this.withInstanceKey(name, (key) => this.client.deleteInstance(name, key));
    return (
      result.kind === "response" && (result.status === 404 || (result.status >= 200 && result.status < 300))
    );
  }
}
