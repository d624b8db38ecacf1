import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/executor-harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    // No delivery loop runs here: the name only has to pass registration's check, never to be reached.
    settings: { WEBHOOK_MAX_ENDPOINTS: 5 },
    webhookLookup: async () => [{ address: "93.184.215.14", family: 4 }],
  });
});
afterAll(() => h.close());

describe("webhook endpoints per organization", () => {
  it("are bounded even when 20 registrations race: exactly the limit succeed, the rest get 409", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.request({
          method: "POST",
          url: "/v1/webhooks",
          payload: { url: `https://crm.example.com/hook-${i}`, events: ["MessageSent"] },
        }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
    const refused = answers.find((a) => a.statusCode === 409);
    expect(refused?.json().error.code).toBe("WEBHOOK_LIMIT_REACHED");
    const listed = await h.request({ method: "GET", url: "/v1/webhooks" });
    expect(listed.json().items).toHaveLength(5);

    // Another organization has its own allowance.
    const b = await h.createOrganization("limits-b");
    const theirs = await b.request({
      method: "POST",
      url: "/v1/webhooks",
      payload: { url: "https://crm.example.com/b", events: ["MessageSent"] },
    });
    expect(theirs.statusCode).toBe(201);
  });
});
