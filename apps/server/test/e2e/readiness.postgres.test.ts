import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import journal from "../../src/infra/database/migrations/meta/_journal.json";
import { type Harness, startHarness } from "../support/executor-harness";

let h: Harness;
const allMigrations = `migrations not applied: ${journal.entries.map((e) => e.tag).join(", ")}`;

beforeAll(async () => {
  h = await startHarness({ database: "postgres" });
});
afterAll(() => h.close());

const get = (url: string) => h.request({ method: "GET", url });

describe("liveness and readiness", () => {
  it("is live and ready on a reachable database with every migration applied", async () => {
    expect((await get("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await get("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready" });
  });

  it("is not ready, and says why, while the database does not answer; still live", async () => {
    const spy = vi.spyOn(h.executor.http, "checkDatabase").mockRejectedValue(new Error("connection refused"));
    try {
      const ready = await get("/readyz");
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: "unavailable", reason: "database unreachable" });
      expect((await get("/healthz")).statusCode).toBe(200);
    } finally {
      spy.mockRestore();
    }
  });

  it("is not ready when a shipped migration is missing from the database, naming it", async () => {
    await h.database.db.execute(sql`delete from drizzle.__drizzle_migrations`);
    const ready = await get("/readyz");
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: "unavailable", reason: allMigrations });
    expect((await get("/healthz")).statusCode).toBe(200);
  });

  it("is not ready on a database never migrated", async () => {
    await h.database.db.execute(sql`drop schema drizzle cascade`);
    const ready = await get("/readyz");
    expect(ready.statusCode).toBe(503);
    expect(ready.json().reason).toBe(allMigrations);
  });
});
