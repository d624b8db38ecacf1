import type { GatewayInstanceState, WebhookTarget } from "../../../application/ports/instance-gateway-port";
import type { WhatsAppProvider } from "../../../application/ports/provider-registry";
import type {
  PresenceOutcome,
  RecipientCheckOutcome,
  SendOptions,
  SendOutcome,
} from "../../../application/ports/whatsapp-provider-port";
import type { InstanceStatus } from "../../../domain/instance/instance-status";
import type { MessageContent } from "../../../domain/intent/message-payload";
import type { TypingPlan } from "../../../domain/intent/typing-plan";
import { checkOutcomeOf } from "../check-outcomes";
import { presenceOutcomeOf } from "../presence-outcomes";
import { cannotSendNow } from "../send-outcomes";
import type { TurboZapClient } from "./turbozap-client";
import { envelopeData } from "./turbozap-envelope";
import { readInstanceStatus, toInstanceState, UNAVAILABLE_STATE } from "./turbozap-instance-state";
import { toSendOutcome } from "./turbozap-outcome";

/** The client surface the adapter needs; tests may pass a fake. */
export type TurboZapApi = Pick<
  TurboZapClient,
  | "sendText"
  | "sendMedia"
  | "sendAudio"
  | "sendReaction"
  | "setPresence"
  | "checkNumbers"
  | "createInstance"
  | "connectInstance"
  | "getInstanceStatus"
  | "setWebhook"
>;

/** Instances that exist but are idle: ensuring them means asking them to connect. */
const IDLE_STATUSES: ReadonlySet<InstanceStatus> = new Set(["disconnected", "error"]);

/**
 * TurboZap (whatsmeow underneath) as a WhatsAppProvider: translates port calls into gateway calls and
 * gateway answers into outcomes. No retries, no policies: those belong to the application.
 */
export class TurboZapProviderAdapter implements WhatsAppProvider {
  readonly name = "turbozap";
  /**
   * TurboZap's send routes take no caller-chosen message id (whatsmeow could, the gateway does not
   * expose it), so a repeated request after a lost answer can send twice: the key is ignored here.
   */
  readonly capabilities = { idempotencyKey: false };

  constructor(private readonly client: TurboZapApi) {}

  async send(
    instance: string,
    to: string,
    content: MessageContent,
    _options: SendOptions,
  ): Promise<SendOutcome> {
    return toSendOutcome(await this.request(instance, to, content));
  }

  /** The gateway sets the presence and answers at once; it stays until the message goes. */
  async showPresence(instance: string, to: string, plan: TypingPlan): Promise<PresenceOutcome> {
    const result = await this.client.setPresence(instance, plan.presence, { to });
    return presenceOutcomeOf(result, (_status, body) =>
      body?.success === true ? null : (body?.error?.message ?? "unreadable answer"),
    );
  }

  /**
   * Without a logged-in session the gateway answers `exists: false` for every number (whatsmeow's
   * lookup fails and is reported as absence), so a "no" is believed only from a paired, connected
   * instance; otherwise the number is held as for a send it could not make.
   */
  async checkRecipient(instance: string, phone: string): Promise<RecipientCheckOutcome> {
    const checked = checkOutcomeOf(
      await this.client.checkNumbers(instance, [phone]),
      existsOf,
      toSendOutcome,
    );
    if (checked.kind !== "checked" || checked.onWhatsApp) return checked;
    const reading = readInstanceStatus(await this.client.getInstanceStatus(instance));
    if (
      reading.kind === "known" &&
      reading.state.status === "connected" &&
      reading.state.phoneNumber !== null
    )
      return checked;
    return cannotSendNow("INSTANCE_NOT_PAIRED", "the gateway cannot look numbers up: instance not logged in");
  }

  private request(instance: string, to: string, content: MessageContent) {
    switch (content.type) {
      case "TEXT":
        return this.client.sendText(instance, { to, text: content.payload.text });
      case "MEDIA": {
        const { mediaUrl, mimeType, caption, fileName } = content.payload;
        return this.client.sendMedia(instance, {
          to,
          media_url: mediaUrl,
          mime_type: mimeType,
          ...(caption !== undefined ? { caption } : {}),
          ...(fileName !== undefined ? { file_name: fileName } : {}),
        });
      }
      case "AUDIO": {
        const { audioUrl, ptt } = content.payload;
        return this.client.sendAudio(instance, {
          to,
          audio_url: audioUrl,
          ...(ptt !== undefined ? { ptt } : {}),
        });
      }
      case "REACTION":
        return this.client.sendReaction(instance, {
          to,
          message_id: content.payload.messageRef,
          emoji: content.payload.emoji,
        });
    }
  }

  /**
   * Creates the instance when missing (a 409 from a concurrent create is fine) and asks a missing or idle
   * instance to connect; one that is connecting, pairing or connected is left alone.
   */
  async ensureInstance(name: string): Promise<GatewayInstanceState> {
    const reading = readInstanceStatus(await this.client.getInstanceStatus(name));
    if (reading.kind === "unavailable") return UNAVAILABLE_STATE;
    if (reading.kind === "known" && !IDLE_STATUSES.has(reading.state.status)) return reading.state;
    if (reading.kind === "missing") await this.client.createInstance(name);
    await this.client.connectInstance(name);
    return (await this.getInstanceState(name)) ?? UNAVAILABLE_STATE;
  }

  async configureWebhook(name: string, target: WebhookTarget): Promise<boolean> {
    const result = await this.client.setWebhook(name, {
      url: target.url,
      events: [],
      headers: target.headers,
      enabled: true,
    });
    // Decided from the envelope, as with sends: a foreign key gets a 403 that still applied it.
    return result.kind === "response" && result.body?.success === true;
  }

  async getInstanceState(name: string): Promise<GatewayInstanceState | null> {
    return toInstanceState(readInstanceStatus(await this.client.getInstanceStatus(name)));
  }
}

/** The `exists` of the one number asked, read from the envelope (a foreign key's 403 still carries it). */
function existsOf(_status: number, body: Parameters<typeof envelopeData>[0]): boolean | null {
  const results = envelopeData(body)?.results;
  const first: unknown = Array.isArray(results) ? results[0] : undefined;
  const exists =
    typeof first === "object" && first !== null ? (first as { exists?: unknown }).exists : undefined;
  return typeof exists === "boolean" ? exists : null;
}
