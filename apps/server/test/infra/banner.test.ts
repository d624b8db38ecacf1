import { describe, expect, it } from "vitest";
import type { WhatsAppProvider } from "../../src/application/ports/provider-registry";
import { banner } from "../../src/infra/composition/banner";
import { loadConfig } from "../../src/infra/config/config";

describe("the start banner", () => {
  it("prints the gateway's and our own public URL without the credentials written into them", () => {
    const config = loadConfig({
      TURBOZAP_BASE_URL: "http://tz-user:tz-s3cret@gateway.internal:8080/",
      TURBOZAP_API_KEY: "gateway-key-0123456789",
      PUBLIC_URL: "https://hook:pub-s3cret@executor.example.com",
      TURBOZAP_WEBHOOK_SECRET: "webhook-secret-0123456789",
      DATABASE_URL: "postgres://app:db-s3cret@db.internal/app",
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel:otlp-s3cret@collector.internal:4318",
    });
    const text = banner(
      config,
      "http://0.0.0.0:3000",
      [
        {
          provider: { name: "turbozap" } as WhatsAppProvider,
          url: config.TURBOZAP_BASE_URL ?? "",
          embedded: false,
        },
      ],
      { kind: "none" },
      config.PUBLIC_URL ?? null,
      true,
    );
    for (const secret of [
      "tz-s3cret",
      "tz-user",
      "pub-s3cret",
      "db-s3cret",
      "gateway-key-0123456789",
      "otlp-s3cret",
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain("http://gateway.internal:8080/");
    expect(text).toContain("https://executor.example.com/v1/webhooks/<provider>");
    expect(text).toContain(
      "traces    OTLP http/protobuf to https://collector.internal:4318/v1/traces as whatlead-executor",
    );
  });

  it("says how to turn traces on when they are off", () => {
    const text = banner(loadConfig({}), "http://0.0.0.0:3000", [], { kind: "none" }, null, false);
    expect(text).toContain("traces    off   → set OTEL_EXPORTER_OTLP_ENDPOINT");
  });
});
