import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  answeringMalformed,
  parseWebhookPart as parse,
  requireWebhookSecret,
} from "../gateway-webhook-parts";
import type { HttpDependencies } from "../http-dependencies";
import { errorResponses } from "../schemas/error.schemas";
import {
  turboZapConnectionData,
  turboZapReceiptData,
  turboZapSendMessageData,
  turboZapWebhookEnvelope,
  turboZapWebhookResponse,
} from "../schemas/turbozap-webhook.schemas";
import { WEBHOOK_SECRET_HEADER } from "../webhook-secret";

const PROVIDER = "turbozap";
const RECEIPT_EVENTS: ReadonlySet<string> = new Set(["message.ack", "messages.update"]);

type Envelope = z.infer<typeof turboZapWebhookEnvelope>;
type Answer = z.infer<typeof turboZapWebhookResponse>;

/** 202: understood, nothing to do, no retry wanted. */
function ignored(envelope: Envelope, reply: FastifyReply): Answer {
  reply.status(202);
  return { event: envelope.event, result: "ignored" };
}

/** The send or receipt time the gateway reports, else the envelope's, else now. */
function occurredAt(envelope: Envelope, dataTimestamp: string | undefined): Date {
  const text = dataTimestamp ?? envelope.timestamp;
  return text === undefined ? new Date() : new Date(text);
}

/**
 * POST /v1/webhooks/turbozap: the gateway's events about our instances. Authenticated by the
 * secret custom header we configured on the gateway (TurboZap signs nothing), checked before the
 * body is even read. The answer tells the gateway whether to retry: 2xx for anything we handled or
 * chose to ignore, 4xx for what a retry cannot fix. Public to API keys: the secret is its credential.
 */
export const turboZapWebhookRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  const { webhooks } = deps;
  app.post(
    "/v1/webhooks/turbozap",
    {
      schema: {
        summary: "Receive TurboZap gateway events (send.message, receipts, connection.update)",
        tags: ["webhooks"],
        security: [],
        headers: z.object({ [WEBHOOK_SECRET_HEADER]: z.string().optional() }),
        body: turboZapWebhookEnvelope,
        response: { 200: turboZapWebhookResponse, 202: turboZapWebhookResponse, ...errorResponses },
      },
      onRequest: requireWebhookSecret(webhooks.secrets.turbozap),
    },
    async (request, reply) => answeringMalformed(reply, () => handle(request.body, reply)),
  );

  async function handle(envelope: Envelope, reply: FastifyReply): Promise<Answer> {
    const base = { provider: PROVIDER, instanceName: envelope.instance, payload: envelope.data };
    if (envelope.event === "send.message") {
      const data = parse(turboZapSendMessageData, envelope.data, "data");
      const result = await webhooks.receiveSendReport.execute({
        ...base,
        occurredAt: occurredAt(envelope, data.timestamp),
        messageId: data.message_id,
        to: data.to,
        messageType: data.type,
        content: data.content ?? null,
        caption: data.caption ?? null,
      });
      return { event: envelope.event, result };
    }
    if (RECEIPT_EVENTS.has(envelope.event)) {
      const data = parse(turboZapReceiptData, envelope.data, "data");
      if (data.status === "unknown") return ignored(envelope, reply);
      const result = await webhooks.receiveReceipt.execute({
        ...base,
        occurredAt: occurredAt(envelope, data.timestamp),
        messageId: data.message_id,
        status: data.status,
      });
      return { event: envelope.event, result };
    }
    if (envelope.event === "connection.update") {
      const data = parse(turboZapConnectionData, envelope.data, "data");
      const known = await webhooks.updateConnection.execute({
        ...base,
        occurredAt: occurredAt(envelope, undefined),
        status: data.status === "connected" ? "connected" : "disconnected",
        phoneNumber: data.phone_number || null,
        loggedOut: data.status === "logged_out",
      });
      return { event: envelope.event, result: known ? "updated" : "unknown-instance" };
    }
    return ignored(envelope, reply);
  }
};
