import { describe, expect, it } from "vitest";
import type { WhatsAppProvider } from "../../src/application/ports/provider-registry";
import { banner } from "../../src/infra/composition/banner";
import { loadConfig } from "../../src/infra/config/config";

const start = (env: Record<string, string>) => {
  const config = loadConfig(env);
  const gateway = {
    provider: { name: "turbozap" } as WhatsAppProvider,
    url: "http://127.0.0.1:4000",
    embedded: true,
  };
  return banner(config, "http://127.0.0.1:3000", [gateway], { kind: "none" }, null, true);
};

describe("the banner says who may read /metrics", () => {
  it("public on the embedded default, off with PostgreSQL, Bearer with METRICS_TOKEN", () => {
    expect(start({})).toMatch(/metrics +\/metrics public \(embedded default\)/);
    expect(start({ DATABASE_URL: "postgres://x@127.0.0.1/y" })).toMatch(/metrics +off/);
    const guarded = start({
      DATABASE_URL: "postgres://x@127.0.0.1/y",
      METRICS_TOKEN: "metrics-token-0123456789",
    });
    expect(guarded).toMatch(/Authorization: Bearer <METRICS_TOKEN>/);
    expect(guarded).not.toContain("metrics-token-0123456789");
  });
});
