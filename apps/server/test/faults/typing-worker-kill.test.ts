import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { eventually } from "../support/executor-harness";
import { callApi, type ExecutorProcess, startExecutorProcess } from "../support/executor-process";
import { FAULT_API_KEY, faultEnv } from "./support/fault-env";

// A worker process killed while "typing…" shows: the claim was never handed to the gateway, so the
// next worker retries it and the lead gets the message once; never an UNCONFIRMED job left for an
// operator. Real processes on PostgreSQL, the simulator over HTTP.

const PHONE = "5511999995001";

let db: TestDatabase;
let sim: TurboZapSim;
const processes: ExecutorProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startTurboZapSim({ receipts: false });
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(2_000)));
  await sim.close();
  await db.close();
});

async function start(): Promise<ExecutorProcess> {
  const started = await startExecutorProcess({
    ...faultEnv(db.url, sim),
    TYPING_DEFAULT: "true",
    // The lease is 3 s: a third of it, the longest typing allowed, so the kill lands while it shows.
    TYPING_MIN_MS: "1000",
    TYPING_MAX_MS: "1000",
  });
  processes.push(started);
  return started;
}

it("retries, and sends once, a message whose worker was killed while typing showed", async () => {
  const victim = await start();
  const api = (method: string, path: string, body?: unknown) =>
    callApi(victim.url, FAULT_API_KEY, method, path, body);
  const instance = await api("POST", "/v1/instances", { name: "typing-kill" });
  const created = await api("POST", "/v1/intents", {
    target: { kind: "PHONE", value: PHONE },
    type: "TEXT",
    payload: { text: "Olá" },
  });
  const intentId = created.json.id as string;
  await api("POST", `/v1/intents/${intentId}/approve`, { instanceId: instance.json.id });

  await eventually(async () => (sim.presences.length > 0 ? true : undefined), 20_000);
  victim.kill("SIGKILL");
  await victim.exited;
  expect(sim.sends).toEqual([]);

  const next = await start();
  const details = await eventually(async () => {
    const read = await callApi(next.url, FAULT_API_KEY, "GET", `/v1/intents/${intentId}`);
    return read.json.status === "SENT" ? read.json : undefined;
  }, 30_000);
  const types = (details.timeline as { type: string }[]).map((entry) => entry.type);
  expect(types).not.toContain("MessageUnconfirmed");
  expect(sim.sends.map((send) => send.to)).toEqual([`${PHONE}@s.whatsapp.net`]);
  // Typed again by the worker that sent it.
  expect(sim.presences.map((presence) => presence.state)).toEqual(["composing", "composing"]);
}, 90_000);
