import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { eventually } from "../support/executor-harness";
import { type ServerProcess, startServerProcess } from "../support/server-process";

const API_KEY = "wlk_runnable-job-wakeup-test-key";
/** Far longer than the test may take: a send that happens was not found by polling. */
const NEVER_MS = "600000";

let testDb: TestDatabase;
let sim: TurboZapSim;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase({ max: 2 });
  sim = await startTurboZapSim({ receipts: false });
});
afterAll(async () => {
  for (const server of servers) if (server.process.exitCode === null) server.process.kill("SIGKILL");
  await sim.close();
  await testDb.close();
});

describe("an idle worker process and an API host", () => {
  it("the worker sends what the API host approved at once, woken by the database rather than its poll", async () => {
    const common = { DATABASE_URL: testDb.url, TURBOZAP_BASE_URL: sim.url, TURBOZAP_API_KEY: sim.apiKey };
    const [api, worker] = await Promise.all([
      startServerProcess({ ...common, WORKER_ENABLED: "false" }, API_KEY),
      startServerProcess(
        { ...common, WORKER_POLL_INTERVAL_MS: NEVER_MS, WORKER_RECOVERY_INTERVAL_MS: NEVER_MS },
        API_KEY,
      ),
    ]);
    servers.push(api, worker);
    const instance = await api.post("/v1/instances", { name: "wakeup-1" });
    const intent = await api.post("/v1/intents", {
      target: { kind: "PHONE", value: "5511955500001" },
      type: "TEXT",
      payload: { text: "wake up" },
    });
    await api.post(`/v1/intents/${intent.id}/approve`, { instanceId: instance.id });

    await eventually(async () => (sim.sends.length > 0 ? true : undefined));
    expect(sim.sends.map((send) => send.to)).toEqual(["5511955500001@s.whatsapp.net"]);
  }, 60_000);
});
