import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/infra/config/config";

const URL = "postgres://app@pooler.internal:6432/app";

describe("transaction pooler settings", () => {
  it("default to a session connection straight to PostgreSQL", () => {
    const config = loadConfig({ DATABASE_URL: URL });
    expect(config.DATABASE_POOL_MODE).toBe("session");
    expect(config.DATABASE_DIRECT_URL).toBeUndefined();
  });

  it("take transaction mode and a direct URL for LISTEN and migrations", () => {
    const config = loadConfig({
      DATABASE_URL: URL,
      DATABASE_POOL_MODE: "transaction",
      DATABASE_DIRECT_URL: "postgres://app@db.internal:5432/app",
    });
    expect(config.DATABASE_POOL_MODE).toBe("transaction");
    expect(config.DATABASE_DIRECT_URL).toBe("postgres://app@db.internal:5432/app");
  });

  it("name what is wrong: an unknown mode, a direct URL that is not PostgreSQL, either without DATABASE_URL", () => {
    expect(() => loadConfig({ DATABASE_URL: URL, DATABASE_POOL_MODE: "statement" })).toThrow(
      /DATABASE_POOL_MODE/,
    );
    expect(() => loadConfig({ DATABASE_URL: URL, DATABASE_DIRECT_URL: "http://db" })).toThrow(
      /DATABASE_DIRECT_URL/,
    );
    expect(() => loadConfig({ DATABASE_POOL_MODE: "transaction" })).toThrow(
      /DATABASE_POOL_MODE: needs DATABASE_URL/,
    );
    expect(() => loadConfig({ DATABASE_DIRECT_URL: URL })).toThrow(/DATABASE_DIRECT_URL: needs DATABASE_URL/);
  });
});
