import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/infra/logging/logger";
import { startOtelTracing } from "../../src/infra/tracing/otel-tracing";
import type { Tracing } from "../../src/infra/tracing/tracing";
import { eventually, type Harness, startHarness } from "../support/executor-harness";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const CALLER = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;
const PHONE_DIGITS = "5511987650001";
const TEXT = "Olá, your quote 7781 is ready";

let exporter: InMemorySpanExporter;
let tracing: Tracing;
let h: Harness;
let receiver: WebhookReceiver;
let instanceId: string;

beforeAll(async () => {
  exporter = new InMemorySpanExporter();
  tracing = await startOtelTracing(
    { tracesUrl: "http://127.0.0.1:9/unused", protocol: "http/protobuf", serviceName: "traces-test" },
    createLogger("silent"),
    exporter,
  );
  h = await startHarness({
    database: "pglite",
    tracing,
    settings: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true", WEBHOOK_POLL_INTERVAL_MS: 20 },
  });
  receiver = await startWebhookReceiver();
  await h.request({
    method: "POST",
    url: "/v1/webhooks",
    payload: { url: `${receiver.url}/crm`, events: ["MessageSent"] },
  });
  instanceId = (
    await h.request({ method: "POST", url: "/v1/instances", payload: { name: "traced-1" } })
  ).json().id;
});
afterAll(async () => {
  await h.close();
  await receiver.close();
  await tracing.shutdown();
});
beforeEach(() => exporter.reset());

async function createIntent(headers: Record<string, string>, phone = PHONE_DIGITS): Promise<string> {
  const created = await h.request({
    method: "POST",
    url: "/v1/intents",
    headers,
    payload: { target: { kind: "PHONE", value: `+${phone}` }, type: "TEXT", payload: { text: TEXT } },
  });
  expect(created.statusCode).toBe(201);
  return created.json().id;
}

async function storedTraceparent(intentId: string): Promise<string | null> {
  return (await h.persistence.repos.intents.findById(intentId))?.toProps().traceparent ?? null;
}

function only(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const named = spans.filter((span) => span.name === name);
  expect(named.map((span) => span.name)).toEqual([name]);
  return named[0] as ReadableSpan;
}

function isChildOf(child: ReadableSpan, parent: ReadableSpan): boolean {
  return (
    child.spanContext().traceId === parent.spanContext().traceId &&
    child.parentSpanContext?.spanId === parent.spanContext().spanId
  );
}

function linksTo(span: ReadableSpan, traceId: string, spanId: string): boolean {
  return span.links.some((link) => link.context.traceId === traceId && link.context.spanId === spanId);
}

describe("traces with an in-memory exporter", () => {
  it("traces a message from the caller's request to its send, its outcome and its webhook", async () => {
    const intentId = await createIntent({ traceparent: CALLER });
    await h.request({ method: "POST", url: `/v1/intents/${intentId}/approve`, payload: { instanceId } });
    expect(await storedTraceparent(intentId)).toBe(CALLER);
    await h.step();
    h.executor.webhookDelivery.start();
    await eventually(async () => (receiver.at("/crm").length > 0 ? true : undefined));
    await h.executor.webhookDelivery.stop(2_000);
    const spans = exporter.getFinishedSpans();

    // The API request continues the caller's trace.
    const request = only(spans, "POST /v1/intents");
    expect(request.kind).toBe(SpanKind.SERVER);
    expect(request.spanContext().traceId).toBe(CALLER_TRACE);
    expect(request.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(request.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/v1/intents",
      "http.response.status_code": 201,
    });

    // The attempt: a child of its claim's span, linked to the caller's span, with ids only.
    const claim = spans.find(
      (span) => span.name === "claim jobs" && span.attributes["whatlead.claim.claimed"] === 1,
    );
    if (!claim) throw new Error("no span of the claim that took the job");
    const attempt = only(spans, "send turbozap");
    expect(isChildOf(attempt, claim)).toBe(true);
    expect(linksTo(attempt, CALLER_TRACE, CALLER_SPAN)).toBe(true);
    const job = (await h.details(intentId)).job;
    expect(attempt.attributes).toMatchObject({
      "whatlead.job.id": job.id,
      "whatlead.intent.id": intentId,
      "whatlead.instance.id": instanceId,
      "whatlead.attempt": 1,
      "whatlead.outcome": "SENT",
    });

    // The gateway call: an HTTP client span under the attempt.
    const calls = spans.filter((span) => span.kind === SpanKind.CLIENT && isChildOf(span, attempt));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.name).toBe("POST");
    expect(calls[0]?.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.response.status_code": 200,
      "server.address": "127.0.0.1",
      "url.full": `${h.sim.url}/api/message/traced-1/text`,
    });

    // The outcome's write links to the attempt; the dispatch mark's to the claim.
    const writes = spans.filter((span) => span.name === "complete jobs");
    const { traceId, spanId } = attempt.spanContext();
    expect(writes.some((write) => linksTo(write, traceId, spanId))).toBe(true);
    expect(
      writes.some((write) => linksTo(write, claim.spanContext().traceId, claim.spanContext().spanId)),
    ).toBe(true);
    expect(writes.every((write) => write.parentSpanContext === undefined)).toBe(true);

    const delivery = only(spans, "POST webhook");
    expect(delivery.kind).toBe(SpanKind.CLIENT);
    expect(delivery.attributes).toMatchObject({
      "whatlead.webhook.event_type": "MessageSent",
      "http.response.status_code": 200,
      "url.full": `${receiver.url}/crm`,
    });

    // Neither the text nor the phone number, in any form, in any attribute, link or status.
    const recorded = JSON.stringify(
      spans.map((span) => [span.name, span.attributes, span.links, span.status, span.events]),
    );
    for (const secret of [TEXT, "7781", PHONE_DIGITS, "987650001", "98765-0001"])
      expect(recorded).not.toContain(secret);
  });

  it("ignores a malformed traceparent: the intent is created and stores none", async () => {
    for (const header of [
      "garbage",
      `01-${CALLER_TRACE}-${CALLER_SPAN}-01`,
      `00-${"0".repeat(32)}-${CALLER_SPAN}-01`,
    ]) {
      const intentId = await createIntent({ traceparent: header }, "5511987650002");
      expect(await storedTraceparent(intentId)).toBeNull();
    }
    const untraced = await createIntent({}, "5511987650003");
    expect(await storedTraceparent(untraced)).toBeNull();
  });

  it("stores a batch's traceparent with every intent of the batch", async () => {
    const items = [1, 2].map((i) => ({
      target: { kind: "PHONE", value: `551198765001${i}` },
      type: "TEXT",
      payload: { text: TEXT },
    }));
    const res = await h.request({
      method: "POST",
      url: "/v1/intents:batch",
      headers: { traceparent: CALLER },
      payload: { items },
    });
    expect(res.statusCode).toBe(201);
    for (const item of res.json().items) expect(await storedTraceparent(item.id)).toBe(CALLER);
  });
});
