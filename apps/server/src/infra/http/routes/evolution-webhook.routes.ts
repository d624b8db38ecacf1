import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ReceiptStatus } from "../../../domain/intent/delivery-receipt";
import {
  answeringMalformed,
  parseWebhookPart as parse,
  requireWebhookSecret,
} from "../gateway-webhook-parts";
import type { HttpDependencies } from "../http-dependencies";
import { errorResponses } from "../schemas/error.schemas";
import {
  evolutionConnectionData,
  evolutionSendMessageData,
  evolutionUpdateData,
  evolutionWebhookEnvelope,
} from "../schemas/evolution-webhook.schemas";
import { turboZapWebhookResponse as webhookResponse } from "../schemas/turbozap-webhook.schemas";
import { WEBHOOK_SECRET_HEADER } from "../webhook-secret";

const PROVIDER = "evolution";
/**
 * Receipts by MESSAGES_UPDATE status; SERVER_ACK only says the server has it. ERROR is the server's
 * refusal of a message the gateway had answered PENDING for: recorded as a rejection.
 */
const RECEIPTS: Readonly<Record<string, ReceiptStatus>> = {
  DELIVERY_ACK: "delivered",
  READ: "read",
  PLAYED: "played",
  ERROR: "rejected",
};
/** Baileys message types → the kinds our send reports speak of. */
const MESSAGE_KINDS: Readonly<Record<string, string>> = {
  conversation: "text",
  extendedTextMessage: "text",
  imageMessage: "image",
  videoMessage: "video",
  documentMessage: "document",
  audioMessage: "audio",
  reactionMessage: "reaction",
};
/** Logged out, banned or refused: the phone must be linked again. */
const LOGGED_OUT_REASONS: ReadonlySet<number> = new Set([401, 402, 403, 406]);

type Envelope = z.infer<typeof evolutionWebhookEnvelope>;
type SendMessage = z.infer<typeof evolutionSendMessageData>;
type Answer = z.infer<typeof webhookResponse>;

function ignored(event: string, reply: FastifyReply): Answer {
  reply.status(202);
  return { event, result: "ignored" };
}

/** "send.message", "SEND_MESSAGE" and "messages-update" all name the same event. */
function eventName(event: string): string {
  return event.toLowerCase().replace(/[_-]/g, ".");
}

function textField(value: unknown, field: string): string | null {
  const record = value as Record<string, unknown> | undefined;
  return typeof record?.[field] === "string" ? (record[field] as string) : null;
}

/** What the report says was sent, in the terms of our intents. */
function contentOf(data: SendMessage): { content: string | null; caption: string | null } {
  const inner = data.message[data.messageType];
  if (data.messageType === "conversation")
    return { content: textField(data.message, "conversation"), caption: null };
  if (data.messageType === "extendedTextMessage") return { content: textField(inner, "text"), caption: null };
  if (data.messageType === "reactionMessage") return { content: textField(inner, "text"), caption: null };
  return { content: null, caption: textField(inner, "caption") };
}

/**
 * POST /v1/webhooks/evolution: Evolution API's events about our instances, authenticated by the
 * secret custom header we configured on the gateway (Evolution signs nothing). 4xx answers are
 * final for Evolution (it stops retrying), so they are kept for what a retry cannot fix.
 */
export const evolutionWebhookRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  const { webhooks } = deps;
  app.post(
    "/v1/webhooks/evolution",
    {
      schema: {
        summary: "Receive Evolution API events (SEND_MESSAGE, MESSAGES_UPDATE, CONNECTION_UPDATE)",
        tags: ["webhooks"],
        security: [],
        headers: z.object({ [WEBHOOK_SECRET_HEADER]: z.string().optional() }),
        body: evolutionWebhookEnvelope,
        response: { 200: webhookResponse, 202: webhookResponse, ...errorResponses },
      },
      onRequest: requireWebhookSecret(webhooks.secrets.evolution),
    },
    async (request, reply) => answeringMalformed(reply, () => handle(request.body, reply)),
  );

  async function handle(envelope: Envelope, reply: FastifyReply): Promise<Answer> {
    const event = eventName(envelope.event);
    const base = { provider: PROVIDER, instanceName: envelope.instance, payload: envelope.data };
    if (event === "send.message") {
      const data = parse(evolutionSendMessageData, envelope.data, "data");
      const result = await webhooks.receiveSendReport.execute({
        ...base,
        occurredAt: data.messageTimestamp === undefined ? new Date() : new Date(data.messageTimestamp * 1000),
        messageId: data.key.id,
        to: data.key.remoteJid,
        messageType: MESSAGE_KINDS[data.messageType] ?? data.messageType,
        ...contentOf(data),
      });
      return { event: envelope.event, result };
    }
    if (event === "messages.update") {
      const data = parse(evolutionUpdateData, envelope.data, "data");
      const status = RECEIPTS[data.status];
      if (status === undefined) return ignored(envelope.event, reply);
      const result = await webhooks.receiveReceipt.execute({
        ...base,
        occurredAt: new Date(),
        messageId: data.keyId,
        status,
      });
      return { event: envelope.event, result };
    }
    if (event === "connection.update") {
      const data = parse(evolutionConnectionData, envelope.data, "data");
      const known = await webhooks.updateConnection.execute({
        ...base,
        occurredAt: new Date(),
        status: data.state === "open" ? "connected" : "disconnected",
        phoneNumber: null,
        loggedOut: data.state === "close" && LOGGED_OUT_REASONS.has(data.statusReason ?? 0),
      });
      return { event: envelope.event, result: known ? "updated" : "unknown-instance" };
    }
    return ignored(envelope.event, reply);
  }
};
