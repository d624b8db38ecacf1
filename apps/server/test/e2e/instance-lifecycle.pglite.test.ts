import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/executor-harness";

// Numbers start unpaired on every gateway, as real ones do: pairing is the operator's QR scan.
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database: "pglite", allGateways: true, sim: { autoConnect: false } });
});
afterAll(() => h.close());

type Provider = "turbozap" | "evolution" | "wuzapi";

function simOf(provider: Provider) {
  if (provider === "turbozap") return h.sim;
  const others = h.others;
  if (!others) throw new Error("the harness runs every gateway");
  return others[provider];
}

async function register(name: string, provider: Provider = "turbozap"): Promise<string> {
  const res = await h.request({ method: "POST", url: "/v1/instances", payload: { name, provider } });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

const qr = (id: string) => h.request({ method: "GET", url: `/v1/instances/${id}/qr` });
const instance = async (id: string) =>
  (await h.request({ method: "GET", url: `/v1/instances/${id}` })).json();

/** Registered and scanned: asking for its QR then finds it connected, which the stored status follows. */
async function pairedInstance(name: string, provider: Provider = "turbozap"): Promise<string> {
  const id = await register(name, provider);
  simOf(provider).pair(name);
  expect((await qr(id)).statusCode).toBe(409);
  return id;
}

/** An approved TEXT intent on the instance (its job waits until the worker steps). */
async function approvedOn(instanceId: string, phone: string): Promise<string> {
  const created = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text: "hi" } },
  });
  const approved = await h.request({
    method: "POST",
    url: `/v1/intents/${created.json().id}/approve`,
    payload: { instanceId },
  });
  expect(approved.statusCode).toBe(200);
  return created.json().id;
}

/** Whether the gateway still has the instance, asked on its own API. */
async function gatewayHas(provider: Provider, name: string): Promise<boolean> {
  if (provider === "turbozap") {
    const res = await fetch(`${h.sim.url}/api/instance/${name}/status`, {
      headers: { "X-API-Key": h.sim.apiKey },
    });
    return res.status !== 404;
  }
  if (provider === "evolution") {
    const sim = simOf("evolution") as NonNullable<Harness["others"]>["evolution"];
    const res = await fetch(`${sim.url}/instance/connectionState/${name}`, {
      headers: { apikey: sim.apiKey },
    });
    return res.status !== 404;
  }
  const sim = simOf("wuzapi") as NonNullable<Harness["others"]>["wuzapi"];
  const res = await fetch(`${sim.url}/admin/users`, { headers: { Authorization: sim.adminToken } });
  const users = (await res.json()).data as { name: string }[];
  return users.some((user) => user.name === name);
}

describe("QR pairing: GET /v1/instances/{id}/qr", () => {
  it.each(["turbozap", "evolution", "wuzapi"] as const)(
    "%s: an unpaired number shows a QR; once scanned, 409 and the status says connected",
    async (provider) => {
      const id = await register(`qr-${provider}`, provider);
      expect((await instance(id)).status).not.toBe("connected");
      const shown = await qr(id);
      expect(shown.statusCode).toBe(200);
      expect(shown.json().qr).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);

      simOf(provider).pair(`qr-${provider}`);
      const after = await qr(id);
      expect(after.statusCode).toBe(409);
      expect(after.json().error).toMatchObject({ code: "INSTANCE_ALREADY_CONNECTED" });
      expect((await instance(id)).status).toBe("connected");
    },
  );
});

describe("rename", () => {
  it("changes only what operators see: sends still reach the gateway under the registration name", async () => {
    const id = await pairedInstance("rename-me");
    const renamed = await h.request({
      method: "PATCH",
      url: `/v1/instances/${id}`,
      payload: { name: "sales-team-renamed" },
    });
    expect(renamed.json()).toMatchObject({ name: "sales-team-renamed", gatewayName: "rename-me" });
    const intentId = await approvedOn(id, "5511999991001");
    await h.step();
    expect((await h.details(intentId)).status).toBe("SENT");
    expect(h.sim.sends.at(-1)?.instance).toBe("rename-me");
  });
});

describe("DELETE /v1/instances/{id}", () => {
  it("refuses while a message is unfinished; then deletes on the gateway and keeps the history", async () => {
    const id = await pairedInstance("delete-me");
    const intentId = await approvedOn(id, "5511999991002");
    const busy = await h.request({ method: "DELETE", url: `/v1/instances/${id}` });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error).toMatchObject({ code: "INSTANCE_BUSY" });
    expect(busy.json().error.message).toMatch(/1 unfinished message.*cancel them or wait/);

    await h.step();
    const deleted = await h.request({ method: "DELETE", url: `/v1/instances/${id}` });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().deletedAt).not.toBeNull();
    expect(await gatewayHas("turbozap", "delete-me")).toBe(false);

    const list = (await h.request({ method: "GET", url: "/v1/instances" })).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const named = (await h.request({ method: "GET", url: "/v1/instances?deleted=include" })).json();
    expect(named.items.find((i: { id: string }) => i.id === id)).toMatchObject({ name: "delete-me" });
    expect((await instance(id)).deletedAt).not.toBeNull();
    const history = await h.details(intentId);
    expect(history.status).toBe("SENT");
    expect(history.job.instanceId).toBe(id);

    const created = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: { target: { kind: "PHONE", value: "5511999991003" }, type: "TEXT", payload: { text: "hi" } },
    });
    const refused = await h.request({
      method: "POST",
      url: `/v1/intents/${created.json().id}/approve`,
      payload: { instanceId: id },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("INSTANCE_DELETED");
    const patched = await h.request({
      method: "PATCH",
      url: `/v1/instances/${id}`,
      payload: { pacing: null },
    });
    expect(patched.json().error.code).toBe("INSTANCE_DELETED");
    expect((await h.request({ method: "DELETE", url: `/v1/instances/${id}` })).statusCode).toBe(409);

    // The name is free again, here and on the gateway.
    expect(await register("delete-me")).not.toBe(id);
  });

  it.each(["evolution", "wuzapi"] as const)("%s: logged out and deleted on the gateway", async (provider) => {
    const id = await pairedInstance(`delete-${provider}`, provider);
    expect(await gatewayHas(provider, `delete-${provider}`)).toBe(true);
    expect((await h.request({ method: "DELETE", url: `/v1/instances/${id}` })).statusCode).toBe(200);
    expect(await gatewayHas(provider, `delete-${provider}`)).toBe(false);
  });

  // Last: it stops the Evolution simulator.
  it("a gateway that cannot be reached: 502 and nothing deleted here", async () => {
    const id = await pairedInstance("delete-unreachable", "evolution");
    await simOf("evolution").close();
    const res = await h.request({ method: "DELETE", url: `/v1/instances/${id}` });
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toMatchObject({ code: "GATEWAY_REFUSED" });
    expect(res.json().error.message).toMatch(/nothing was deleted, try again/);
    expect((await instance(id)).deletedAt).toBeNull();
  });
});
