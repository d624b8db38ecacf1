import { readFileSync } from "node:fs";
import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SERVER_BUNDLE } from "../../scripts/server-bundle";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { eventually } from "../support/executor-harness";
import { callApi, freePort } from "../support/executor-process";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "../support/otlp-receiver";
import { type ServerProcess, startServerProcess } from "../support/server-process";

const API_KEY = "wlk_traces-otlp-test-key-0123456789abcdef";
const CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
const CALLER_SPAN = "b7ad6b7169203331";
const PHONE = "5511987650042";
const TEXT = "Your order 5531 has shipped";

let db: TestDatabase;
let sim: TurboZapSim;
let receiver: OtlpReceiver;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  [db, sim, receiver] = await Promise.all([
    createTestDatabase(),
    startTurboZapSim({ receipts: false }),
    startOtlpReceiver(),
  ]);
});
afterAll(async () => {
  await Promise.all(servers.map(stop));
  await Promise.all([sim?.close(), receiver?.close(), db?.close()]);
});

function stop(server: ServerProcess): Promise<void> {
  if (server.process.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => server.process.once("exit", () => resolve()));
  server.process.kill("SIGTERM");
  return exited;
}

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess(
    {
      DATABASE_URL: db.url,
      TURBOZAP_BASE_URL: sim.url,
      TURBOZAP_API_KEY: sim.apiKey,
      WORKER_POLL_INTERVAL_MS: "50",
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      // Read by the SDK itself: export each batch after 50 ms rather than 5 s.
      OTEL_BSP_SCHEDULE_DELAY: "50",
      ...env,
    },
    API_KEY,
  );
  servers.push(server);
  return server;
}

it("loads no OpenTelemetry module at start: the bundle only imports it on demand", () => {
  const bundle = readFileSync(SERVER_BUNDLE, "utf8");
  expect(bundle).not.toMatch(/^import[^;]*from\s*"@opentelemetry\//m);
  expect(bundle).toContain('import("@opentelemetry/sdk-trace-base")');
});

it("exports to a real OTLP/HTTP receiver in JSON and protobuf; the worker's send links to the caller's trace", async () => {
  // The API host takes the CRM's request (spans in JSON); a worker host sends it (spans in protobuf).
  const api = await start({
    WORKER_ENABLED: "false",
    WEBHOOKS_ENABLED: "false",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_SERVICE_NAME: "crm-facing-api",
  });
  await start({ OTEL_SERVICE_NAME: "sending-worker" });
  const instance = await callApi(api.url, API_KEY, "POST", "/v1/instances", { name: "otlp-1" });
  expect(instance.status).toBe(201);
  const created = await fetch(`${api.url}/v1/intents`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${API_KEY}`,
      "content-type": "application/json",
      traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`,
    },
    body: JSON.stringify({ target: { kind: "PHONE", value: PHONE }, type: "TEXT", payload: { text: TEXT } }),
  });
  expect(created.status).toBe(201);
  const intentId = ((await created.json()) as { id: string }).id;
  await callApi(api.url, API_KEY, "POST", `/v1/intents/${intentId}/approve`, {
    instanceId: instance.json.id,
  });
  await eventually(async () => {
    const { json } = await callApi(api.url, API_KEY, "GET", `/v1/intents/${intentId}`);
    return json.status === "SENT" ? true : undefined;
  }, 20_000);

  const send = await eventually(
    async () => receiver.spans.find((span) => span.attributes["whatlead.intent.id"] === intentId),
    20_000,
  );
  const call = await eventually(async () => receiver.spans.find((span) => span.parentSpanId === send.spanId));
  const request = receiver.spans.find((span) => span.name === "POST /v1/intents") as ReceivedSpan;

  expect(request).toMatchObject({
    service: "crm-facing-api",
    encoding: "application/json",
    kind: 2,
    traceId: CALLER_TRACE,
    parentSpanId: CALLER_SPAN,
    attributes: { "http.route": "/v1/intents", "http.response.status_code": 201 },
  });
  expect(send).toMatchObject({
    service: "sending-worker",
    encoding: "application/x-protobuf",
    name: "send turbozap",
    kind: 1,
    links: [{ traceId: CALLER_TRACE, spanId: CALLER_SPAN }],
    attributes: { "whatlead.attempt": 1, "whatlead.outcome": "SENT" },
  });
  expect(call).toMatchObject({
    service: "sending-worker",
    traceId: send.traceId,
    name: "POST",
    kind: 3,
    attributes: { "http.request.method": "POST", "http.response.status_code": 200 },
  });
  const claim = receiver.spans.find((span) => span.spanId === send.parentSpanId);
  expect(claim?.name).toBe("claim jobs");
  const recorded = JSON.stringify(receiver.spans);
  for (const secret of [PHONE, "987650042", TEXT, "5531"]) expect(recorded).not.toContain(secret);
});

it("logs a collector it cannot reach and still stops cleanly", async () => {
  const server = await start({
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    // The exporter retries a refused export until this deadline, and shutdown waits for it.
    OTEL_EXPORTER_OTLP_TIMEOUT: "1000",
    WORKER_ENABLED: "false",
  });
  let output = "";
  server.process.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  await eventually(async () => (output.includes('"component":"opentelemetry"') ? true : undefined));
  expect(output).toContain("ECONNREFUSED");
  const exited = new Promise<number | null>((resolve) => server.process.once("exit", resolve));
  server.process.kill("SIGTERM");
  expect(await exited).toBe(0);
});
