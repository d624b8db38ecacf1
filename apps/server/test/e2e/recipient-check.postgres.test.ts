import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, simOf, startHarness } from "../support/executor-harness";

// Recipient checks through the whole executor on PostgreSQL and each gateway's simulator over HTTP:
// a number without WhatsApp fails with nothing sent, the others are sent, answers are reused, and an
// instance that does not check makes no lookup.

/** The attempt budget a job gets at approval (MAX_ATTEMPTS' default). */
const BUDGET = 5;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    allGateways: true,
    settings: { PER_INSTANCE_CONCURRENCY: 0 },
  });
});
afterAll(() => h.close());

/** What these tests read of a simulator. */
type Gateway = Pick<ReturnType<typeof simOf>, "sends" | "checks">;

let instances = 0;

/** Registers an instance; returns its id. */
async function newInstance(
  provider: string,
  checkRecipients: boolean,
): Promise<{ id: string; name: string }> {
  instances += 1;
  const name = `check-${provider}-${instances}`;
  const res = await h.request({ method: "POST", url: "/v1/instances", payload: { name, provider } });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  expect(res.json().checkRecipients).toBe(false);
  if (checkRecipients) {
    const patched = await h.request({
      method: "PATCH",
      url: `/v1/instances/${id}`,
      payload: { checkRecipients },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().checkRecipients).toBe(true);
  }
  return { id, name };
}

/** Creates and approves a text to `phone`; returns the intent's id. */
async function approve(instanceId: string, phone: string): Promise<string> {
  const intent = { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text: "Olá" } };
  const created = await h.request({ method: "POST", url: "/v1/intents", payload: intent });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const approved = await h.request({
    method: "POST",
    url: `/v1/intents/${id}/approve`,
    payload: { instanceId },
  });
  expect(approved.statusCode, approved.body).toBe(200);
  return id;
}

const checksOf = (gateway: Gateway, name: string, phone: string) =>
  gateway.checks.filter((c) => c.instance === name && c.numbers.includes(phone));
const sendsTo = (gateway: Gateway, phone: string) => gateway.sends.filter((s) => s.to.startsWith(phone));

describe.each([
  ["turbozap", "55119999960"],
  ["evolution", "55119999961"],
  ["wuzapi", "55119999962"],
])("a checking %s instance", (provider, prefix) => {
  // Numbers ending 0000 have no WhatsApp account in the simulators.
  const absent = `${prefix}0000`;
  const present = [`${prefix}0001`, `${prefix}0002`];

  it("fails a number without WhatsApp with nothing sent, sends the others, and reuses each answer", async () => {
    const gateway = simOf(h, provider);
    const { id, name } = await newInstance(provider, true);
    const [missing, ...found] = await Promise.all([absent, ...present].map((phone) => approve(id, phone)));
    await h.step();

    const failed = await h.details(missing as string);
    expect(failed.status).toBe("FAILED");
    const failure = failed.timeline.find((entry: { type: string }) => entry.type === "MessageFailed");
    expect(failure.data).toMatchObject({ willRetry: false, error: { code: "NOT_ON_WHATSAPP" } });
    expect(failure.data.error.message).toMatch(/no WhatsApp account/);
    expect(sendsTo(gateway, absent)).toEqual([]);
    for (const intent of found) expect((await h.details(intent)).status).toBe("SENT");
    for (const phone of [absent, ...present]) expect(checksOf(gateway, name, phone)).toHaveLength(1);

    // Second messages: the answers are reused, so no new lookup either way.
    const again = await Promise.all([absent, present[0] as string].map((phone) => approve(id, phone)));
    await h.step();
    expect((await h.details(again[0] as string)).status).toBe("FAILED");
    expect((await h.details(again[1] as string)).status).toBe("SENT");
    for (const phone of [absent, ...present]) expect(checksOf(gateway, name, phone)).toHaveLength(1);
    expect(sendsTo(gateway, absent)).toEqual([]);
    expect(sendsTo(gateway, present[0] as string)).toHaveLength(2);
  });
});

describe("an instance that does not check", () => {
  it("sends without a lookup, even to a number without WhatsApp (the gateway's quirk)", async () => {
    const { id, name } = await newInstance("turbozap", false);
    const intent = await approve(id, "5511999690000");
    await h.step();
    expect((await h.details(intent)).status).toBe("SENT");
    expect(h.sim.checks.filter((c) => c.instance === name)).toEqual([]);
  });
});

describe("a check the gateway cannot answer", () => {
  it("holds the number and sends nothing, the attempt given back", async () => {
    const { id, name } = await newInstance("turbozap", true);
    h.sim.setConnected(name, false);
    const intent = await approve(id, "5511999697001");
    await h.step();
    const held = await h.details(intent);
    expect(held.status).toBe("APPROVED");
    expect(held.job).toMatchObject({ status: "RETRY", lastError: { code: "INSTANCE_NOT_CONNECTED" } });
    // An UNAVAILABLE attempt is given back: its whole budget is still ahead of the job.
    expect(held.job.maxAttempts - held.job.attempts).toBe(BUDGET);
    expect((await h.request({ method: "GET", url: `/v1/instances/${id}` })).json().hold).toMatchObject({
      code: "INSTANCE_NOT_CONNECTED",
    });
    expect(h.sim.sends.filter((s) => s.instance === name)).toEqual([]);
  });
});

describe("the setting", () => {
  it("refuses a value that is not a boolean, saying so", async () => {
    const { id } = await newInstance("turbozap", false);
    const res = await h.request({
      method: "PATCH",
      url: `/v1/instances/${id}`,
      payload: { checkRecipients: "yes" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/checkRecipients/);
  });
});

describe("a paced checking instance", () => {
  it("spaces its lookups by the pacing gap like its sends, each lookup before its send", async () => {
    const gapMs = 300;
    const { id, name } = await newInstance("turbozap", true);
    const paced = await h.request({
      method: "PATCH",
      url: `/v1/instances/${id}`,
      payload: { pacing: { minIntervalMs: gapMs } },
    });
    expect(paced.statusCode, paced.body).toBe(200);
    // The first has no WhatsApp account: its lookup ends its attempt, and still spends the gap.
    const phones = ["5511999680000", "5511999680001", "5511999680002"];
    const intents = await Promise.all(phones.map((phone) => approve(id, phone)));
    const finished = async () =>
      (await Promise.all(intents.map((intent) => h.details(intent)))).every((d) => d.status !== "APPROVED");
    while (!(await finished())) {
      await h.step();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const checks = h.sim.checks.filter((c) => c.instance === name);
    expect(checks).toHaveLength(3);
    const times = checks.map((c) => c.at.getTime()).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(gapMs);
    for (const send of h.sim.sends.filter((s) => s.instance === name)) {
      const check = checks.find((c) => send.to.startsWith(c.numbers[0] as string));
      expect(check?.at.getTime()).toBeLessThanOrEqual(send.acceptedAt.getTime());
    }
  });
});
