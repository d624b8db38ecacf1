import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type OpenApiDocument,
  README_PATH,
  renderRouteTable,
  withApiSection,
} from "../../../../scripts/api-reference";
import { MessageExecutionJob } from "../../src/domain/job/message-execution-job";
import { needsApiKey } from "../../src/infra/http/public-paths";
import { type Harness, startHarness } from "../support/executor-harness";

let h: Harness;
interface Operation {
  summary?: string;
  security?: unknown[];
  parameters: { name: string }[];
  responses: Record<string, { content: Record<string, { schema: unknown }> }>;
}
interface Document {
  openapi: string;
  info: Record<string, unknown>;
  security: unknown[];
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: Record<string, { properties: Record<string, { required?: string[] }> }>;
  };
  paths: Record<string, Record<string, Operation>>;
}

let document: Document;

beforeAll(async () => {
  h = await startHarness({ database: "pglite" });
  const res = await h.request({ method: "GET", url: "/openapi.json" });
  expect(res.statusCode).toBe(200);
  document = res.json();
});
afterAll(() => h.close());

const API_OPERATIONS = [
  "POST /v1/instances",
  "GET /v1/instances",
  "GET /v1/instances/{id}",
  "PATCH /v1/instances/{id}",
  "DELETE /v1/instances/{id}",
  "GET /v1/instances/{id}/qr",
  "POST /v1/intents",
  "POST /v1/intents:batch",
  "GET /v1/intents",
  "GET /v1/intents/{id}",
  "POST /v1/intents/{id}/approve",
  "POST /v1/intents/{id}/decide",
  "GET /v1/jobs",
  "GET /v1/jobs/{id}",
  "POST /v1/jobs/{id}/retry",
  "POST /v1/jobs/{id}/confirm",
  "POST /v1/jobs/{id}/resend",
  "POST /v1/jobs/{id}/cancel",
  "POST /v1/jobs/bulk-retry",
  "POST /v1/instances/{id}/pause",
  "POST /v1/instances/{id}/resume",
  "GET /v1/organization",
  "POST /v1/organization/pause",
  "POST /v1/organization/resume",
  "GET /v1/events",
  "POST /v1/webhooks",
  "GET /v1/webhooks",
  "DELETE /v1/webhooks/{id}",
  "GET /v1/webhooks/{id}/deliveries",
  "POST /v1/webhooks/{id}/rotate-secret",
  "GET /v1/stats/overview",
  "POST /v1/intents/{id}/drop",
  "POST /v1/instances/{id}/reconnect",
  "POST /v1/api-keys",
  "GET /v1/api-keys",
  "POST /v1/api-keys/{id}/revoke",
  "POST /v1/webhooks/turbozap",
  "POST /v1/webhooks/evolution",
  "POST /v1/webhooks/wuzapi",
];
/** API routes that take no API key: the gateway authenticates with the webhook secret instead. */
const KEYLESS_API_OPERATIONS = [
  "POST /v1/webhooks/turbozap",
  "POST /v1/webhooks/evolution",
  "POST /v1/webhooks/wuzapi",
];
/** Success bodies that are not JSON: the live stream's, and none at all for a deletion. */
const NON_JSON_SUCCESS: Record<string, { status: string; mediaType: string | null }> = {
  "GET /v1/events": { status: "200", mediaType: "text/event-stream" },
  "DELETE /v1/webhooks/{id}": { status: "204", mediaType: null },
};
const PUBLIC_OPERATIONS = ["GET /healthz", "GET /readyz", "GET /metrics"];

function operation(key: string) {
  const [method = "", path = ""] = key.split(" ");
  return document.paths[path]?.[method.toLowerCase()];
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with the Bearer scheme required by default", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
  });

  it("lists every route and nothing else, each with a summary", () => {
    const listed = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual([...API_OPERATIONS, ...PUBLIC_OPERATIONS].sort());
    for (const key of listed) expect(operation(key)?.summary, key).toMatch(/\w/);
  });

  it("describes each API route's success body and the shared error body for 4xx and 5xx", () => {
    for (const key of API_OPERATIONS) {
      const responses = operation(key)?.responses ?? {};
      const success = Object.keys(responses).find((status) => /^2\d\d$/.test(status));
      const expected = NON_JSON_SUCCESS[key] ?? { status: success, mediaType: "application/json" };
      expect(success, key).toBe(expected.status);
      const content = responses[success ?? ""]?.content ?? {};
      if (expected.mediaType === null) expect(Object.keys(content), key).toEqual([]);
      else expect(content[expected.mediaType]?.schema, key).toBeDefined();
      for (const range of ["4XX", "5XX"])
        expect(responses[range]?.content["application/json"]?.schema, `${key} ${range}`).toEqual({
          $ref: "#/components/schemas/Error",
        });
    }
    expect(document.components.schemas.Error?.properties.error?.required).toEqual(["code", "message"]);
  });

  it("marks health, readiness, metrics and the gateway webhook as public, and documents the list filters", () => {
    for (const key of [...PUBLIC_OPERATIONS, ...KEYLESS_API_OPERATIONS])
      expect(operation(key)?.security, key).toEqual([]);
    // The document says what the authentication hook does: public exactly where no key is asked.
    for (const key of [...API_OPERATIONS, ...PUBLIC_OPERATIONS]) {
      const path = (key.split(" ")[1] ?? "").replace("{id}", ":id");
      expect(operation(key)?.security?.length === 0, key).toBe(!needsApiKey(path));
    }
    const names = (key: string) => operation(key)?.parameters.map((p) => p.name);
    expect(names("GET /v1/intents")).toEqual(
      expect.arrayContaining(["limit", "cursor", "status", "purpose", "createdFrom", "createdTo"]),
    );
    expect(names("GET /v1/jobs")).toEqual(
      expect.arrayContaining(["limit", "cursor", "status", "instanceId", "createdFrom", "createdTo"]),
    );
  });

  it("is browsable at /docs, with its assets served locally", async () => {
    const page = await h.request({ method: "GET", url: "/docs" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    const script = await h.request({ method: "GET", url: "/docs/static/swagger-ui-bundle.js" });
    expect(script.statusCode).toBe(200);
  });

  it("matches the README's API section (run `npm run docs:api` after changing a route)", () => {
    const readme = readFileSync(README_PATH, "utf8");
    expect(readme).toBe(withApiSection(readme, renderRouteTable(document as OpenApiDocument)));
  });
});

describe("responses are serialized through their schemas", () => {
  let instances = 0;
  async function givenJob() {
    instances += 1;
    const instance = await h.request({
      method: "POST",
      url: "/v1/instances",
      payload: { name: `serialized-${instances}` },
    });
    const intent = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: { target: { kind: "PHONE", value: "5511977770001" }, type: "TEXT", payload: { text: "x" } },
    });
    const approved = await h.request({
      method: "POST",
      url: `/v1/intents/${intent.json().id}/approve`,
      payload: { instanceId: instance.json().id },
    });
    return approved.json().job.id as string;
  }

  it("strips fields the schema does not name", async () => {
    const jobId = await givenJob();
    const real = await h.executor.http.repos.jobs.findById(jobId);
    if (!real) throw new Error("job not found");
    const withExtra = { ...real.toProps(), leakedInternal: "do-not-show" };
    const spy = vi
      .spyOn(h.executor.http.repos.jobs, "findById")
      .mockResolvedValue(MessageExecutionJob.fromProps(withExtra));
    try {
      const res = await h.request({ method: "GET", url: `/v1/jobs/${jobId}` });
      expect(res.statusCode).toBe(200);
      expect(res.json().id).toBe(jobId);
      expect(res.body).not.toContain("leakedInternal");
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses to send a body that breaks its schema: a 500 in the error shape, not the bad body", async () => {
    const jobId = await givenJob();
    const real = await h.executor.http.repos.jobs.findById(jobId);
    if (!real) throw new Error("job not found");
    const broken = { ...real.toProps(), status: "LOST" } as unknown as ReturnType<typeof real.toProps>;
    const spy = vi
      .spyOn(h.executor.http.repos.jobs, "findById")
      .mockResolvedValue(MessageExecutionJob.fromProps(broken));
    try {
      const res = await h.request({ method: "GET", url: `/v1/jobs/${jobId}` });
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe("INTERNAL");
      expect(res.body).not.toContain("LOST");
    } finally {
      spy.mockRestore();
    }
  });
});
