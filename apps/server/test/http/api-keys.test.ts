import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/executor-harness";

// API keys through the API: the secret is answered once, lists never carry one, a revoked key
// stops authenticating at once.

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database: "pglite" });
});
afterAll(() => h.close());

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe("API keys", () => {
  it("creates a key whose secret is shown once and works, lists keys without secrets, and revokes", async () => {
    const created = await h.request({ method: "POST", url: "/v1/api-keys", payload: { label: "crm" } });
    expect(created.statusCode).toBe(201);
    const { id, secret, prefix, label, current } = created.json();
    expect({ label, current }).toEqual({ label: "crm", current: false });
    expect(secret.startsWith(prefix)).toBe(true);

    const listed = await h.request({ method: "GET", url: "/v1/api-keys" });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(secret);
    const items = listed.json().items;
    expect(items.map((k: { label: string }) => k.label)).toContain("crm");
    expect(items.filter((k: { current: boolean }) => k.current)).toHaveLength(1);
    for (const item of items) expect(Object.keys(item)).not.toContain("secret");

    const withNewKey = await h.app.inject({ method: "GET", url: "/v1/instances", headers: bearer(secret) });
    expect(withNewKey.statusCode).toBe(200);

    const revoked = await h.request({ method: "POST", url: `/v1/api-keys/${id}/revoke`, payload: {} });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const refused = await h.app.inject({ method: "GET", url: "/v1/instances", headers: bearer(secret) });
    expect(refused.statusCode).toBe(401);
    // Revoking twice keeps the first date.
    const again = await h.request({ method: "POST", url: `/v1/api-keys/${id}/revoke`, payload: {} });
    expect(again.json().revokedAt).toBe(revoked.json().revokedAt);
  });

  it("says what is wrong with a bad label or an unknown key", async () => {
    const blank = await h.request({ method: "POST", url: "/v1/api-keys", payload: { label: "  " } });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain("must name what the key is for");
    const unknown = await h.request({
      method: "POST",
      url: "/v1/api-keys/00000000-0000-4000-8000-000000000000/revoke",
      payload: {},
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("API_KEY_NOT_FOUND");
  });
});
