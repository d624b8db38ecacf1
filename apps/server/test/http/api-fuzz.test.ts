import { sql } from "drizzle-orm";
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/infra/database/sql/query-rows";
import { type Harness, startHarness, TEST_WEBHOOK_SECRET } from "../support/executor-harness";
import { routesOf } from "../support/routes-of";

let h: Harness;
const ids = { instance: "", intent: "", job: "", webhook: "", apiKey: "" };

const text = (phone: string) => ({
  target: { kind: "PHONE", value: phone },
  type: "TEXT",
  payload: { text: "hi" },
});

const operator = { actor: "a", reason: "r" };

interface RouteCase {
  route: string;
  /** A request the route would accept: every fuzzed request breaks it in at least one way. */
  valid(): { url: string; payload?: Record<string, unknown>; headers?: Record<string, string> };
}

/** The gateway webhook authenticates with its secret header instead of an API key. */
const WEBHOOK_SECRET_HEADER = "x-webhook-secret";

const ROUTES: RouteCase[] = [
  {
    route: "POST /v1/webhooks/turbozap",
    valid: () => ({
      url: "/v1/webhooks/turbozap",
      headers: { [WEBHOOK_SECRET_HEADER]: TEST_WEBHOOK_SECRET },
      payload: {
        event: "send.message",
        instance: "fuzz-0",
        data: { message_id: "m-1", to: "5511999990009" },
      },
    }),
  },
  {
    route: "POST /v1/webhooks/evolution",
    valid: () => ({
      url: "/v1/webhooks/evolution",
      headers: { [WEBHOOK_SECRET_HEADER]: TEST_WEBHOOK_SECRET },
      payload: {
        event: "send.message",
        instance: "fuzz-0",
        data: { key: { id: "m-2", remoteJid: "5511999990009@s.whatsapp.net" }, messageType: "conversation" },
      },
    }),
  },
  {
    route: "POST /v1/webhooks/wuzapi",
    valid: () => ({
      url: "/v1/webhooks/wuzapi",
      payload: {
        jsonData: JSON.stringify({ type: "ReadReceipt", state: "Read", event: { MessageIDs: ["m-3"] } }),
        token: "ZnV6ei0w.not-a-signature",
      },
    }),
  },
  { route: "GET /v1/instances", valid: () => ({ url: "/v1/instances" }) },
  { route: "POST /v1/instances", valid: () => ({ url: "/v1/instances", payload: { name: "fuzz-1" } }) },
  { route: "GET /v1/intents", valid: () => ({ url: "/v1/intents?limit=5&status=PENDING" }) },
  { route: "POST /v1/intents", valid: () => ({ url: "/v1/intents", payload: text("5511999990001") }) },
  {
    route: "POST /v1/intents:batch",
    valid: () => ({
      url: "/v1/intents:batch",
      payload: { instanceId: ids.instance, items: [text("5511999990002")] },
    }),
  },
  { route: "GET /v1/intents/:id", valid: () => ({ url: `/v1/intents/${ids.intent}` }) },
  {
    route: "POST /v1/intents/:id/approve",
    valid: () => ({
      url: `/v1/intents/${ids.intent}/approve`,
      payload: { instanceId: ids.instance, actor: "a" },
    }),
  },
  {
    route: "POST /v1/intents/:id/decide",
    valid: () => ({
      url: `/v1/intents/${ids.intent}/decide`,
      payload: { instanceId: ids.instance, actor: "a" },
    }),
  },
  { route: "GET /v1/jobs", valid: () => ({ url: `/v1/jobs?limit=5&instanceId=${ids.instance}` }) },
  { route: "GET /v1/jobs/:id", valid: () => ({ url: `/v1/jobs/${ids.job}` }) },
  {
    route: "POST /v1/jobs/:id/retry",
    valid: () => ({ url: `/v1/jobs/${ids.job}/retry`, payload: operator }),
  },
  ...["confirm", "resend", "cancel"].map((action) => ({
    route: `POST /v1/jobs/:id/${action}`,
    valid: () => ({ url: `/v1/jobs/${ids.job}/${action}`, payload: operator }),
  })),
  {
    route: "POST /v1/jobs/bulk-retry",
    // No instanceId: an unknown one is a valid filter (nothing to retry), so it would break nothing.
    valid: () => ({ url: "/v1/jobs/bulk-retry", payload: { ...operator, status: "FAILED" } }),
  },
  ...["pause", "resume"].map((action) => ({
    route: `POST /v1/instances/:id/${action}`,
    valid: () => ({ url: `/v1/instances/${ids.instance}/${action}`, payload: operator }),
  })),
  { route: "GET /v1/instances/:id", valid: () => ({ url: `/v1/instances/${ids.instance}` }) },
  { route: "GET /v1/instances/:id/qr", valid: () => ({ url: `/v1/instances/${ids.instance}/qr` }) },
  { route: "DELETE /v1/instances/:id", valid: () => ({ url: `/v1/instances/${ids.instance}` }) },
  {
    route: "PATCH /v1/instances/:id",
    valid: () => ({
      url: `/v1/instances/${ids.instance}`,
      payload: {
        // No cap: a cap replaced by null is still valid (null means no cap).
        pacing: { minIntervalMs: 1_000, jitterMs: 500 },
        sendingWindow: { timeZone: "America/Sao_Paulo", days: [1, 2, 3], start: "09:00", end: "18:00" },
      },
    }),
  },
  {
    route: "POST /v1/instances/:id/reconnect",
    valid: () => ({ url: `/v1/instances/${ids.instance}/reconnect`, payload: operator }),
  },
  {
    route: "POST /v1/intents/:id/drop",
    valid: () => ({ url: `/v1/intents/${ids.intent}/drop`, payload: operator }),
  },
  { route: "GET /v1/api-keys", valid: () => ({ url: "/v1/api-keys" }) },
  { route: "POST /v1/api-keys", valid: () => ({ url: "/v1/api-keys", payload: { label: "crm" } }) },
  {
    route: "POST /v1/api-keys/:id/revoke",
    valid: () => ({ url: `/v1/api-keys/${ids.apiKey}/revoke`, payload: operator }),
  },
  { route: "GET /v1/organization", valid: () => ({ url: "/v1/organization" }) },
  { route: "GET /v1/stats/overview", valid: () => ({ url: "/v1/stats/overview" }) },
  ...["pause", "resume"].map((action) => ({
    route: `POST /v1/organization/${action}`,
    valid: () => ({ url: `/v1/organization/${action}`, payload: operator }),
  })),
  { route: "GET /v1/events", valid: () => ({ url: "/v1/events?lastEventId=0" }) },
  { route: "GET /v1/webhooks", valid: () => ({ url: "/v1/webhooks" }) },
  {
    route: "POST /v1/webhooks",
    valid: () => ({
      url: "/v1/webhooks",
      payload: { url: "https://example.test/hook", events: ["MessageSent"] },
    }),
  },
  { route: "DELETE /v1/webhooks/:id", valid: () => ({ url: `/v1/webhooks/${ids.webhook}` }) },
  {
    route: "POST /v1/webhooks/:id/rotate-secret",
    // An empty body: any number in range is a valid grace period, so a field swapped for one would break nothing.
    valid: () => ({ url: `/v1/webhooks/${ids.webhook}/rotate-secret`, payload: {} }),
  },
  {
    route: "GET /v1/webhooks/:id/deliveries",
    valid: () => ({ url: `/v1/webhooks/${ids.webhook}/deliveries?limit=5` }),
  },
];

/** The live stream never ends by itself: an accepted one is left at once, a refusal read whole. */
async function send(request: InjectOptions): Promise<{ statusCode: number; body: string }> {
  if (!String(request.url).startsWith("/v1/events")) return h.request(request);
  const leave = new AbortController();
  const res = await h.request({ ...request, payloadAsStream: true, signal: leave.signal });
  if (res.statusCode < 300) {
    leave.abort();
    return { statusCode: res.statusCode, body: "" };
  }
  let body = "";
  for await (const chunk of res.stream()) body += chunk;
  return { statusCode: res.statusCode, body };
}

const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "../../etc/passwd",
    "%00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\u0000",
    "💥".repeat(50),
  ),
);
/** Characters PostgreSQL cannot store (NUL), no message should carry (C0 controls, DEL), or UTF-8 cannot encode (lone surrogates). */
const unstorableString = fc
  .tuple(
    printable(10),
    fc.constantFrom(
      ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).filter(
        (c) => !"\t\n\r".includes(c),
      ),
      "\u007f",
      "\ud800",
      "\udfff",
      "\udc00\ud800",
    ),
    printable(10),
  )
  .map((parts) => parts.join(""));

/** Dates at and past the ends of what ISO 8601's four-digit years and PostgreSQL hold. */
const outOfRangeDate = fc.constantFrom(
  "0000-01-01T00:00:00Z",
  "0000-12-31T23:59:59+01:00",
  "9999-12-31T23:00:00-05:00",
  "-271821-04-20T00:00:00.000Z",
  "+275760-09-13T00:00:00.000Z",
);
const extremeDate = fc.oneof(
  outOfRangeDate,
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((d) => d.toISOString()),
);

/** A JSON object deeper than the API takes (the test's own recursive helpers bound how deep). */
const deepObject = fc.integer({ min: 33, max: 2_000 }).map((depth) => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
});

/** JSON values no field of any route accepts: each one makes the body invalid wherever it lands. */
const nonStringValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.constant({ $gt: "" }),
);

/** Cursors shaped like the server's own (base64url of [date, id]) with hostile parts. */
const forgedCursor = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
      hostileString,
    ),
    fc.oneof(fc.uuid(), hostileString),
  )
  .map((parts) => Buffer.from(JSON.stringify(parts)).toString("base64url"));

type Mutation = (request: InjectOptions & { payload?: unknown }) => void;

/** One list parameter made hostile, the others left out, so that this one is what the route meets. */
const hostileQuery: fc.Arbitrary<Mutation> = fc
  .oneof(
    hostileString.map((v) => ({ limit: v })),
    hostileString.map((v) => ({ status: v })),
    hostileString.map((v) => ({ instanceId: v })),
    hostileString.map((v) => ({ cursor: v })),
    { weight: 3, arbitrary: forgedCursor.map((v) => ({ cursor: v })) },
  )
  .map(
    (query): Mutation =>
      (r) => {
        r.url = `${String(r.url).split("?")[0]}?${new URLSearchParams(query)}`;
        if (r.method !== "GET") breakBody(r); // writes take no query: the query alone breaks nothing
      },
  );

/** Each one alone makes the request unacceptable (or, for a GET, at worst a harmless read). */
const breaking: fc.Arbitrary<Mutation> = fc.oneof(
  fc.option(printable(60), { nil: undefined }).map(
    (auth): Mutation =>
      (r) => {
        r.headers = { ...r.headers, authorization: auth === undefined ? undefined : auth };
        spoilWebhookSecret(r, auth);
      },
  ),
  printable(60).map(
    (key): Mutation =>
      (r) => {
        r.headers = { ...r.headers, authorization: `Bearer ${key}` };
        spoilWebhookSecret(r, key);
      },
  ),
  hostileString.map(
    (id): Mutation =>
      (r) => {
        const url = String(r.url);
        if (/\/[0-9a-f-]{36}/.test(url))
          r.url = url.replace(/\/[0-9a-f-]{36}/, `/${encodeURIComponent(id) || "x"}`);
        else breakBody(r); // no id in the path to spoil
      },
  ),
  fc.uuid().map(
    (id): Mutation =>
      (r) => {
        const url = String(r.url);
        if (r.payload && typeof r.payload === "object" && "instanceId" in r.payload) {
          r.payload = { ...r.payload, instanceId: id };
        } else if (/[0-9a-f-]{36}/.test(url)) {
          r.url = url.replace(/[0-9a-f-]{36}/, id);
        } else {
          breakBody(r); // no id to make unknown: break the body instead
        }
      },
  ),
  fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.jsonValue({ maxDepth: 2 }))).map(
    (body): Mutation =>
      (r) => {
        r.payload = JSON.stringify(body);
        r.headers = { ...r.headers, "content-type": "application/json" };
      },
  ),
  fc
    .oneof(
      fc.string(),
      fc.constantFrom("{", '{"a":', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', "[]]"),
    )
    .map(
      (raw): Mutation =>
        (r) => {
          r.payload = raw;
          r.headers = { ...r.headers, "content-type": "application/json" };
        },
    ),
  fc
    .tuple(
      fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/jsonx",
        "image/png",
      ),
      fc.string(),
    )
    .map(
      ([type, raw]): Mutation =>
        (r) => {
          r.payload = raw;
          r.headers = { ...r.headers, "content-type": type };
        },
    ),
  fc.tuple(fc.nat(), nonStringValue).map(
    ([at, value]): Mutation =>
      (r) => {
        if (typeof r.payload === "object" && r.payload !== null) replaceSomeField(r, at, value);
        else if (r.method !== "GET") breakBody(r); // a write without a body: no field to spoil
      },
  ),
  { weight: 3, arbitrary: hostileQuery },
  fc.tuple(fc.nat(), unstorableString).map(
    ([at, value]): Mutation =>
      (r) => {
        if (r.method === "GET") addQuery(r, { q: value });
        else if (typeof r.payload === "object" && r.payload !== null) replaceSomeField(r, at, value);
        else breakBody(r);
      },
  ),
  fc.tuple(fc.constantFrom("createdFrom", "createdTo"), extremeDate, outOfRangeDate).map(
    ([field, anyDate, refused]): Mutation =>
      (r) => {
        if (r.method === "GET") addQuery(r, { [field]: anyDate });
        else if (String(r.url).includes("bulk-retry") && typeof r.payload === "object")
          r.payload = { ...r.payload, [field]: refused };
        else breakBody(r);
      },
  ),
  fc.tuple(fc.nat(), deepObject).map(
    ([at, value]): Mutation =>
      (r) => {
        if (typeof r.payload === "object" && r.payload !== null) replaceSomeField(r, at, value);
        else if (r.method !== "GET") breakBody(r);
      },
  ),
);

function addQuery(r: InjectOptions, query: Record<string, string>): void {
  const [path, existing] = String(r.url).split("?");
  r.url = `${path}?${existing ? `${existing}&` : ""}${new URLSearchParams(query)}`;
}

function breakBody(r: InjectOptions): void {
  r.payload = "null";
  r.headers = { ...r.headers, "content-type": "application/json" };
}

/** Harmless on their own: they ride along with a breaking mutation. */
const noise: fc.Arbitrary<Mutation> = fc.oneof(
  printable(300).map(
    (key): Mutation =>
      (r) => {
        r.headers = { ...r.headers, "idempotency-key": key };
      },
  ),
  printable(200).map(
    (id): Mutation =>
      (r) => {
        r.headers = { ...r.headers, "x-request-id": id };
      },
  ),
  fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), printable(40), { maxKeys: 3 }).map(
    (headers): Mutation =>
      (r) => {
        r.headers = { ...headers, ...r.headers };
      },
  ),
  fc.dictionary(hostileString, hostileString, { maxKeys: 4 }).map(
    (query): Mutation =>
      (r) =>
        addQuery(r, query),
  ),
);

/** Replaces one field (found depth first) of an object payload by `value`. */
/** Where the credential is the webhook secret, a spoiled credential is a wrong or missing secret. */
function spoilWebhookSecret(request: InjectOptions, value: string | undefined): void {
  if (!request.headers || !(WEBHOOK_SECRET_HEADER in request.headers)) return;
  const { [WEBHOOK_SECRET_HEADER]: _secret, ...others } = request.headers;
  if (value === undefined) request.headers = others;
  else
    request.headers = {
      ...others,
      [WEBHOOK_SECRET_HEADER]: value === TEST_WEBHOOK_SECRET ? `${value}x` : value,
    };
}

/**
 * Fields this deep and deeper are neither copied nor replaced: a value an earlier mutation put in
 * may nest thousands deep (structuredClone overflowed the stack on one, found by a seed).
 */
const MUTABLE_DEPTH = 8;

/** A copy down to MUTABLE_DEPTH; deeper nodes are shared, never changed. */
function copyOf(node: unknown, depth: number): unknown {
  if (typeof node !== "object" || node === null || depth > MUTABLE_DEPTH) return node;
  if (Array.isArray(node)) return node.map((child) => copyOf(child, depth + 1));
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, copyOf(child, depth + 1)]));
}

function replaceSomeField(
  request: { payload?: unknown; method?: unknown },
  at: number,
  value: unknown,
): void {
  if (typeof request.payload !== "object" || request.payload === null) return;
  const payload = copyOf(request.payload, 0) as Record<string, unknown>;
  // In a PATCH a top-level null is a valid request (it removes that setting), not a spoiled one.
  const keepTop = value === null && request.method === "PATCH";
  const holders: [Record<string, unknown>, string][] = [];
  const walk = (node: unknown, depth: number) => {
    if (typeof node !== "object" || node === null || depth > MUTABLE_DEPTH) return;
    for (const [key, child] of Object.entries(node)) {
      if (!(keepTop && depth === 0)) holders.push([node as Record<string, unknown>, key]);
      walk(child, depth + 1);
    }
  };
  walk(payload, 0);
  const [holder, key] = holders[at % holders.length] ?? [payload, "unexpected"];
  holder[key] = value;
  request.payload = payload;
}

/** A fingerprint of every row the API could write. */
async function fingerprint(): Promise<string> {
  const rows = await queryRows<{ f: string }>(
    h.database.db,
    sql`select concat_ws('|',
      (select md5(coalesce(string_agg(t::text, ',' order by id), '')) from message_intent t),
      (select md5(coalesce(string_agg(t::text, ',' order by id), '')) from message_execution_job t),
      (select md5(coalesce(string_agg(t::text, ',' order by id), '')) from instance t),
      (select md5(coalesce(string_agg(t::text, ',' order by organization_id), '')) from organization_pause t),
      (select count(*) from timeline_event), (select count(*) from idempotency_key),
      (select count(*) from organization), (select count(*) from api_key),
      (select count(*) from webhook_endpoint), (select count(*) from webhook_delivery),
      (select count(*) from gateway_event)) as f`,
  );
  return rows[0]?.f ?? "";
}

beforeAll(async () => {
  h = await startHarness({ database: "pglite" });
  const ok = async (options: InjectOptions) => {
    const res = await h.request(options);
    if (res.statusCode >= 300) throw new Error(`setup: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  ids.instance = (await ok({ method: "POST", url: "/v1/instances", payload: { name: "fuzz-0" } })).id;
  const approved = (await ok({ method: "POST", url: "/v1/intents", payload: text("5511999990000") })).id;
  ids.job = (
    await ok({
      method: "POST",
      url: `/v1/intents/${approved}/approve`,
      payload: { instanceId: ids.instance },
    })
  ).job.id;
  ids.intent = (await ok({ method: "POST", url: "/v1/intents", payload: text("5511999990003") })).id;
  ids.apiKey = (await ok({ method: "POST", url: "/v1/api-keys", payload: { label: "to revoke" } })).id;
  ids.webhook = (
    await ok({
      method: "POST",
      url: "/v1/webhooks",
      payload: { url: "https://example.test/hook", events: ["MessageSent"] },
    })
  ).id;
});
afterAll(() => h.close());

describe("hostile requests to every route", () => {
  it("the fuzzed routes are all the API's /v1 routes", () => {
    expect(ROUTES.map((r) => r.route).sort()).toEqual(routesOf(h.app).filter((r) => r.includes(" /v1")));
  });

  it.each([
    ["an id that is not a uuid", ["2030-01-01T00:00:00.000Z", "x"]],
    [
      "a date PostgreSQL cannot hold",
      ["-271821-04-20T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"],
    ],
  ])("a forged cursor with %s is refused, not a 500 (found by this fuzzer)", async (_name, parts) => {
    const cursor = Buffer.from(JSON.stringify(parts)).toString("base64url");
    for (const url of [`/v1/intents?cursor=${cursor}`, `/v1/jobs?cursor=${cursor}`]) {
      const res = await h.request({ method: "GET", url });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe("INVALID_CURSOR");
    }
  });

  it("1,200 malformed bodies, headers, paths and queries: no 5xx, every 4xx explains itself, nothing written", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: ROUTES.length - 1 }),
        fc.array(breaking, { minLength: 1, maxLength: 2 }),
        fc.array(noise, { maxLength: 2 }),
        async (routeIndex, breaks, extras) => {
          const route = ROUTES[routeIndex] as RouteCase;
          const request: InjectOptions & { payload?: unknown } = {
            method: route.route.split(" ")[0] as "GET" | "POST" | "DELETE",
            ...route.valid(),
          };
          for (const mutate of [...extras, ...breaks]) mutate(request);
          const before = await fingerprint();
          const res = await send(request as InjectOptions);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          expect(res.statusCode, `${route.route} → ${res.statusCode} ${res.body}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const error = JSON.parse(res.body).error;
            expect(error.code).toMatch(/^[A-Z_]{3,}$/);
            expect(typeof error.message).toBe("string");
            expect(error.message.trim().length).toBeGreaterThan(10);
          } else {
            expect(request.method, `${route.route} accepted ${JSON.stringify(request)}`).toBe("GET");
          }
          expect(await fingerprint()).toBe(before);
        },
      ),
      { numRuns: 1_200 },
    );
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
  }, 120_000);
});
