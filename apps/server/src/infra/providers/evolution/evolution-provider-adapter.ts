import type { GatewayInstanceState, WebhookTarget } from "../../../application/ports/instance-gateway-port";
import type { WhatsAppProvider } from "../../../application/ports/provider-registry";
import type {
  PresenceOutcome,
  SendOptions,
  SendOutcome,
} from "../../../application/ports/whatsapp-provider-port";
import type { InstanceStatus } from "../../../domain/instance/instance-status";
import type { MediaPayload, MessageContent } from "../../../domain/intent/message-payload";
import type { TypingPlan } from "../../../domain/intent/typing-plan";
import { presenceOutcomeOf } from "../presence-outcomes";
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

/** `mediatype` picks the message type on Evolution; our payload names a MIME type. */
function mediaTypeOf(mimeType: string): EvolutionMediaRequest["mediatype"] {
  const family = mimeType.split("/")[0];
  return family === "image" || family === "video" || family === "audio" ? family : "document";
}

function mediaRequest(to: string, payload: MediaPayload): EvolutionMediaRequest {
  const { mediaUrl, mimeType, caption, fileName } = payload;
  return {
    number: to,
    mediatype: mediaTypeOf(mimeType),
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

/**
 * Evolution API v2 (Baileys underneath) as a WhatsAppProvider: port calls to gateway calls, answers to
 * outcomes. Calls use the global key, which every path takes (and instance creation requires).
 */
export class EvolutionProviderAdapter implements WhatsAppProvider {
  readonly name = "evolution";
  /** No caller-chosen id on Evolution's send path: a repeat after a lost answer can send twice. */
  readonly capabilities = { idempotencyKey: false };

  constructor(private readonly client: EvolutionClient) {}

  async send(
    instance: string,
    to: string,
    content: MessageContent,
    _options: SendOptions,
  ): Promise<SendOutcome> {
    return toEvolutionOutcome(await this.request(instance, to, content));
  }

  /** The gateway holds the request for the whole typing time, then sets `paused` and answers. */
  async showPresence(instance: string, to: string, plan: TypingPlan): Promise<PresenceOutcome> {
    const body = { number: to, presence: plan.presence, delay: plan.durationMs };
    const result = await this.client.sendPresence(instance, body);
    return presenceOutcomeOf(result, (status, answer) =>
      status >= 200 && status < 300 ? null : describeError(status, answer),
    );
  }

  private request(instance: string, to: string, content: MessageContent) {
    switch (content.type) {
      case "TEXT":
        return this.client.sendText(instance, { number: to, text: content.payload.text });
      case "MEDIA":
        return this.client.sendMedia(instance, mediaRequest(to, content.payload));
      case "AUDIO":
        // Voice notes go through sendWhatsAppAudio (always ptt); a plain audio file through sendMedia.
        if (content.payload.ptt === false) {
          return this.client.sendMedia(instance, {
            number: to,
            mediatype: "audio",
            media: content.payload.audioUrl,
          });
        }
        return this.client.sendWhatsAppAudio(instance, { number: to, audio: content.payload.audioUrl });
      case "REACTION": {
        const key = { id: content.payload.messageRef, remoteJid: jidOf(to), fromMe: false };
        return this.client.sendReaction(instance, { key, reaction: content.payload.emoji });
      }
    }
  }

  /** Creates the instance when the gateway does not know it (a 403 "name in use" from a race is fine), then connects it. */
  async ensureInstance(name: string): Promise<GatewayInstanceState> {
    const known = readState(await this.client.connectionState(name));
    if (known !== null && known.status !== "disconnected") return known;
    if (known === null)
      await this.client.createInstance({ instanceName: name, integration: "WHATSAPP-BAILEYS" });
    await this.client.connect(name);
    return (await this.getInstanceState(name)) ?? UNAVAILABLE;
  }

  async configureWebhook(name: string, target: WebhookTarget): Promise<boolean> {
    const result = await this.client.setWebhook(name, {
      webhook: {
        enabled: true,
        url: target.url,
        events: WEBHOOK_EVENTS,
        headers: target.headers,
        byEvents: false,
      },
    });
    return result.kind === "response" && result.status >= 200 && result.status < 300;
  }

  async getInstanceState(name: string): Promise<GatewayInstanceState | null> {
    return readState(await this.client.connectionState(name));
  }
}
