import { afterAll, beforeAll, expect, it } from "vitest";
import { createPersistence } from "../../src/infra/database/persistence";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { anInstance } from "../support/fixtures";

const HELD = 30;
const PROBERS = 8;
const BACKOFF = { baseMs: 60_000, maxMs: 600_000 };
const CAUSE = { code: "INSTANCE_NOT_CONNECTED", message: "down" };

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase({ max: PROBERS + 2 });
});
afterAll(() => testDb.close());

it("probes each held instance once per round however many probers race, and never a connected one", async () => {
  const { repos } = createPersistence(testDb.database);
  const held = Array.from({ length: HELD }, () => anInstance());
  const connected = anInstance();
  for (const instance of [...held, connected]) await repos.instances.insert(instance);
  for (const instance of held) await repos.instances.hold(instance.id, "disconnected", CAUSE);

  // Each prober process has its own connections: race them on the pool.
  const rounds = await Promise.all(
    Array.from({ length: PROBERS }, () => repos.instances.claimHoldProbes(7, BACKOFF)),
  );
  const probed = rounds.flat().map((instance) => instance.id);
  expect(probed.sort()).toEqual(held.map((instance) => instance.id).sort());

  // The next probe waits its backoff: nobody probes again at once.
  const again = await Promise.all(
    Array.from({ length: PROBERS }, () => repos.instances.claimHoldProbes(HELD, BACKOFF)),
  );
  expect(again.flat()).toEqual([]);

  // Connected lifts the hold and the probing with it.
  await repos.instances.updateStatus(held[0]?.id ?? "", "connected", null, new Date());
  const lifted = await repos.instances.findById(held[0]?.id ?? "");
  expect(lifted).toMatchObject({ status: "connected", hold: null });
  const { rows } = await testDb.database.pool.query<{ next_probe_at: Date | null; probes: number }>(
    "select next_probe_at, probes from instance where id = $1",
    [held[0]?.id],
  );
  expect(rows[0]).toEqual({ next_probe_at: null, probes: 0 });
});
