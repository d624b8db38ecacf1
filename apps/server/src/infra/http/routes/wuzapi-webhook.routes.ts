import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { ReceiptResult } from "../../../application/use-cases/receive-delivery-receipt";
import { errorBody } from "../error-handler";
import { answeringMalformed, MalformedWebhook, parseWebhookPart as parse } from "../gateway-webhook-parts";
import type { HttpDependencies } from "../http-dependencies";
import { errorResponses } from "../schemas/error.schemas";
import { turboZapWebhookResponse as webhookResponse } from "../schemas/turbozap-webhook.schemas";
import { wuzapiEvent, wuzapiReadReceipt, wuzapiWebhookForm } from "../schemas/wuzapi-webhook.schemas";

const PROVIDER = "wuzapi";
/** ReadSelf (read on our own other device) says nothing about the recipient. */
const RECEIPTS: Readonly<Record<string, "delivered" | "read">> = { Delivered: "delivered", Read: "read" };

type Answer = { event: string; result: ReceiptResult | "ignored" };

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedWebhook("jsonData: not JSON");
  }
}

/**
 * POST /v1/webhooks/wuzapi: wuzapi's events, a form of `jsonData` and the user's `token`. The token is
 * the only credential and the only instance marker wuzapi sends (no headers, no signature, no retry):
 * ours are made from the admin token and name their instance (see wuzapiUserToken).
 */
export const wuzapiWebhookRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  const { webhooks } = deps;
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
  app.post(
    "/v1/webhooks/wuzapi",
    {
      schema: {
        summary: "Receive wuzapi events (ReadReceipt)",
        tags: ["webhooks"],
        security: [],
        consumes: ["application/x-www-form-urlencoded"],
        body: wuzapiWebhookForm,
        response: { 200: webhookResponse, 202: webhookResponse, ...errorResponses },
      },
      // The credential is in the body: checked once it is parsed, before anything else is looked at.
      preValidation: async (request, reply) => {
        if (instanceOf(request.body) === null) {
          return reply.status(401).send(errorBody("UNAUTHORIZED", "missing or unknown wuzapi user token"));
        }
      },
    },
    async (request, reply) => {
      const instanceName = instanceOf(request.body) as string;
      return answeringMalformed(reply, () => handle(instanceName, request.body.jsonData, reply));
    },
  );

  function instanceOf(body: unknown): string | null {
    const token = (body as { token?: unknown } | null)?.token;
    return typeof token === "string" ? webhooks.wuzapiInstanceOf(token) : null;
  }

  async function handle(instanceName: string, jsonData: string, reply: FastifyReply): Promise<Answer> {
    const payload = parse(wuzapiEvent, readJson(jsonData), "jsonData");
    const status = payload.type === "ReadReceipt" ? RECEIPTS[payload.state ?? ""] : undefined;
    if (status === undefined) {
      reply.status(202);
      return { event: payload.type, result: "ignored" };
    }
    const { MessageIDs } = parse(wuzapiReadReceipt, payload.event, "jsonData.event");
    const results: ReceiptResult[] = [];
    // One event may acknowledge several of our messages at once.
    for (const messageId of MessageIDs) {
      results.push(
        await webhooks.receiveReceipt.execute({
          provider: PROVIDER,
          instanceName,
          payload: payload.event,
          occurredAt: new Date(),
          messageId,
          status,
        }),
      );
    }
    return {
      event: payload.type,
      result: results.includes("accepted") ? "accepted" : "duplicate",
    };
  }
};
