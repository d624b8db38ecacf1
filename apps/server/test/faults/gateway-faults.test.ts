import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import type { ExecutorProcess } from "../support/executor-process";
import { printFigures } from "../support/fault-figures";
import { account, expectSoundAccounting, readJobs, settle, timelineFigures } from "./support/accounting";
import { faultAuth, faultEnv } from "./support/fault-env";
import { runGatewayScenario } from "./support/gateway-scenario";

// Scenario 2: the gateway misbehaves in every way the contract allows while two worker processes
// send: 500s, sends that hang past the client timeout, connections reset after the send was taken,
// the 403-that-still-sent quirk, and a number whose socket drops for a while. The API process
// receives the gateway's webhooks, so a reset send is settled from its `send.message` report.

const INTENTS = 600;
const FAULTS = { error500Rate: 0.2, hangRate: 0.05, resetAfterSendRate: 0.05, forbiddenButSentRate: 0.05 };
const CLIENT_TIMEOUT_MS = 700;
const DISCONNECTED_MS = 2_000;

let database: TestDatabase;
let sim: TurboZapSim;
const processes: ExecutorProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ max: 1 });
  sim = await startTurboZapSim({ receipts: false, webhookBackoffScaleMs: 50 });
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await sim?.close();
  await database?.close();
});

describe("fault: a misbehaving gateway", () => {
  it("settles every intent without a duplicate through 500s, hangs, resets, 403s and a dropped number", async () => {
    const api = await runGatewayScenario({
      env: {
        ...faultEnv(database.url, sim),
        TURBOZAP_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS),
        TURBOZAP_WEBHOOK_SECRET: "fault-suite-webhook-secret",
      },
      sim,
      instanceNames: ["faulty-1", "faulty-2"],
      intents: INTENTS,
      faults: FAULTS,
      disconnectedMs: DISCONNECTED_MS,
      processes,
    });

    const resetsPending = (jobs: { status: string; last_error: { code: string } | null }[]) =>
      jobs.some((job) => job.status === "UNCONFIRMED" && job.last_error?.code === "CONNECTION_RESET");
    const result = await settle(
      async () => account(await readJobs(database.url), sim.sends),
      (a) => a.runnable === 0 && (a.byStatus.PROCESSING ?? 0) === 0 && !resetsPending(a.jobs),
      180_000,
    );
    sim.resetFaults();
    const timeline = await timelineFigures(database.url);
    printFigures({
      scenario: "gateway-faults",
      intents: INTENTS,
      workerProcesses: 2,
      faultRates: FAULTS,
      clientTimeoutMs: CLIENT_TIMEOUT_MS,
      disconnectedMs: DISCONNECTED_MS,
      acceptedSends: result.acceptedSends,
      outcomes: result.byStatus,
      attemptsByOutcome: timeline,
      duplicates: result.duplicates,
      sentWithoutItsSend: result.sentMismatches,
    });

    expectSoundAccounting(result, INTENTS);
    // Every fault was met, and every reset send was settled from the gateway's report.
    expect(timeline["MessageFailed:PROVIDER_SEND_FAILED"] ?? 0).toBeGreaterThan(0);
    expect(timeline["MessageFailed:INSTANCE_NOT_CONNECTED"] ?? 0).toBeGreaterThan(0);
    expect(timeline["MessageUnconfirmed:CONNECTION_RESET"] ?? 0).toBeGreaterThan(0);
    expect(timeline.MessageConfirmedByGateway ?? 0).toBeGreaterThanOrEqual(
      timeline["MessageUnconfirmed:CONNECTION_RESET"] ?? 0,
    );
    // What stays UNCONFIRMED is a send whose answer never came (a hang, or on a starved machine a
    // request the client gave up on before the gateway read it): never one the gateway reported.
    const phonesSent = new Set(sim.sends.map((send) => send.to.replace(/@.*$/, "")));
    const unconfirmed = result.jobs.filter((job) => job.status === "UNCONFIRMED");
    expect(unconfirmed.length).toBeGreaterThan(0);
    for (const job of unconfirmed) expect(job.last_error?.code).toBe("TIMEOUT");
    expect(unconfirmed.filter((job) => phonesSent.has(job.phone)).length).toBeGreaterThan(0);
    // FAILED means the gateway never took it.
    for (const job of result.jobs.filter((j) => j.status === "FAILED"))
      expect(phonesSent.has(job.phone)).toBe(false);
    // The number came back, and the gateway's connection.update told the API so.
    const listed = (await (await fetch(`${api.url}/v1/instances`, { headers: faultAuth() })).json()) as {
      items: { name: string; status: string }[];
    };
    expect(listed.items.find((i) => i.name === "faulty-2")?.status).toBe("connected");
  }, 420_000);
});
