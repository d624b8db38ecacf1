import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

// What a start does with the instances the database remembers: their status is the gateway's
// (never a stale "connected"), and a gateway that forgot them gets them back.

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database: "pglite" });
  h.executor.worker.start();
});
afterAll(() => h.close());

async function instanceStatus(id: string): Promise<string> {
  const list = (await h.request({ method: "GET", url: "/v1/instances" })).json();
  return list.items.find((i: { id: string }) => i.id === id).status;
}

async function sendThrough(instanceId: string): Promise<string> {
  const created = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: "5511999993001" }, type: "TEXT", payload: { text: "oi" } },
  });
  await h.request({
    method: "POST",
    url: `/v1/intents/${created.json().id}/approve`,
    payload: { instanceId },
  });
  return eventually(async () => {
    const { status } = (await h.request({ method: "GET", url: `/v1/intents/${created.json().id}` })).json();
    return status === "SENT" || status === "FAILED" ? status : undefined;
  });
}

describe("instances after a gateway restart", () => {
  it("stores the gateway's state, not the last one it knew, and recreates what the gateway lost", async () => {
    const registered = await h.request({ method: "POST", url: "/v1/instances", payload: { name: "sync-1" } });
    expect(registered.json().status).toBe("connected");
    const { id } = registered.json();

    // As a gateway that lost its instances (a restarted simulator) answers.
    await fetch(`${h.sim.url}/api/instance/sync-1`, {
      method: "DELETE",
      headers: { "X-API-Key": h.sim.apiKey },
    });
    await h.executor.syncInstances.execute({ recreateMissing: false });
    expect(await instanceStatus(id)).toBe("disconnected");

    await h.executor.syncInstances.execute({ recreateMissing: true });
    expect(await instanceStatus(id)).toBe("connected");
    expect(await sendThrough(id)).toBe("SENT");
  });

  it("answers a second registration of a name with the instance that holds it", async () => {
    const first = await h.request({ method: "POST", url: "/v1/instances", payload: { name: "sync-2" } });
    const again = await h.request({ method: "POST", url: "/v1/instances", payload: { name: "sync-2" } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: "INSTANCE_EXISTS" });
    expect(again.json().error.message).toContain(first.json().id);

    const other = await h.createOrganization("sync-other");
    const foreign = await other.request({
      method: "POST",
      url: "/v1/instances",
      payload: { name: "sync-2" },
    });
    expect(foreign.statusCode).toBe(409);
    expect(foreign.json().error.message).not.toContain(first.json().id);
  });

  it("reconnects one number on an operator's request: recreated on the gateway, connected, sending again", async () => {
    const { id } = (
      await h.request({ method: "POST", url: "/v1/instances", payload: { name: "sync-3" } })
    ).json();
    await fetch(`${h.sim.url}/api/instance/sync-3`, {
      method: "DELETE",
      headers: { "X-API-Key": h.sim.apiKey },
    });
    await h.executor.syncInstances.execute({ recreateMissing: false });
    expect(await instanceStatus(id)).toBe("disconnected");

    const reconnected = await h.request({
      method: "POST",
      url: `/v1/instances/${id}/reconnect`,
      payload: {},
    });
    expect(reconnected.statusCode).toBe(200);
    expect(reconnected.json()).toMatchObject({ id, status: "connected" });
    expect(await sendThrough(id)).toBe("SENT");

    const other = await h.createOrganization("sync-reconnect-other");
    const foreign = await other.request({
      method: "POST",
      url: `/v1/instances/${id}/reconnect`,
      payload: {},
    });
    expect(foreign.statusCode).toBe(404);
  });
});
