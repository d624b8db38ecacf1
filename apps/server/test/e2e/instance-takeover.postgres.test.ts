import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegisterInstanceUseCase } from "../../src/application/use-cases/register-instance";
import { type Harness, startHarness, type TestOrganization } from "../support/executor-harness";

let h: Harness;
let b: TestOrganization;

beforeAll(async () => {
  h = await startHarness({ database: "postgres", webhooks: true });
  b = await h.createOrganization("org-b");
});
afterAll(() => h.close());

async function gatewayWebhookOf(name: string): Promise<string | undefined> {
  const res = await fetch(`${h.sim.url}/api/webhook/${name}`, { headers: { "x-api-key": h.sim.apiKey } });
  const body = (await res.json()) as { data?: { webhook?: { url?: string } } };
  return body.data?.webhook?.url;
}

async function setGatewayWebhook(name: string, url: string): Promise<void> {
  const res = await fetch(`${h.sim.url}/api/webhook/${name}/set`, {
    method: "POST",
    headers: { "x-api-key": h.sim.apiKey, "content-type": "application/json" },
    body: JSON.stringify({ url, events: ["ALL"], enabled: true }),
  });
  expect(res.ok, await res.text()).toBe(true);
}

describe("registering another organization's instance name", () => {
  it("answers 409 without naming the owner, and never touches the owner's instance on the gateway", async () => {
    const registered = await h.request({
      method: "POST",
      url: "/v1/instances",
      payload: { name: "a-owned" },
    });
    expect(registered.statusCode).toBe(201);
    // A's own setup on the gateway, and A's instance disconnected: B's attempt must change neither.
    await setGatewayWebhook("a-owned", "https://crm.a.example/hook");
    h.sim.setConnected("a-owned", false);

    const stolen = await b.request({ method: "POST", url: "/v1/instances", payload: { name: "a-owned" } });
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json().error.code).toBe("INSTANCE_EXISTS");
    expect(stolen.body).not.toContain(h.organization.id);

    expect(await gatewayWebhookOf("a-owned")).toBe("https://crm.a.example/hook");
    const state = await fetch(`${h.sim.url}/api/instance/a-owned/status`, {
      headers: { "x-api-key": h.sim.apiKey },
    });
    expect(JSON.stringify(await state.json())).not.toMatch(/"(connecting|connected)"/);
  });

  it("gives the name back when the gateway setup fails, so the same request can succeed later", async () => {
    const real = h.executor.http.registerInstance;
    const refusingGateway = new RegisterInstanceUseCase(
      h.persistence.uow,
      {
        defaultProvider: "turbozap",
        names: () => ["turbozap"],
        get: () =>
          ({
            name: "turbozap",
            ensureInstance: async () => ({ status: "connecting", phoneNumber: null }),
            configureWebhook: async () => false,
          }) as never,
        idempotentProviders: () => [],
      },
      { now: () => new Date() },
      randomUUID,
      () => ({ url: "https://executor.example/v1/webhooks/turbozap", headers: {} }),
    );
    await expect(refusingGateway.execute({ organizationId: b.id, name: "b-later" })).rejects.toMatchObject({
      code: "GATEWAY_WEBHOOK_FAILED",
    });
    expect(await h.persistence.repos.instances.findByGatewayName("turbozap", "b-later")).toBeNull();
    const retried = await real.execute({ organizationId: b.id, name: "b-later" });
    expect(retried.organizationId).toBe(b.id);
  });
});
