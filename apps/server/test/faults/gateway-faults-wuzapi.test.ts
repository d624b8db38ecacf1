import { startWuzapiSim, type WuzapiSim } from "@whatlead/wuzapi-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import type { ExecutorProcess } from "../support/executor-process";
import { printFigures } from "../support/fault-figures";
import { account, expectSoundAccounting, readJobs, settle, timelineFigures } from "./support/accounting";
import { gatewaylessFaultEnv } from "./support/fault-env";
import { runGatewayScenario } from "./support/gateway-scenario";

// The gateway scenario against wuzapi's simulator: failed sends, sends that hang past the client
// timeout, connections reset after the send was taken, ack timeouts that hide a delivered message,
// and a number whose socket drops for a while. wuzapi reports nothing of its own about a send, but
// every attempt carries our own id, stored before it leaves: each UNCONFIRMED attempt the gateway
// took must be settled by the first receipt for its id, with no content match and no operator.

const INTENTS = 300;
const FAULTS = { error500Rate: 0.2, hangRate: 0.05, resetAfterSendRate: 0.05, ackTimeoutRate: 0.05 };
const CLIENT_TIMEOUT_MS = 700;
const ACK_TIMEOUT_MS = 300;
const DISCONNECTED_MS = 2_000;

let database: TestDatabase;
let sim: WuzapiSim;
const processes: ExecutorProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ max: 1 });
  sim = await startWuzapiSim({
    receipts: { deliveredAfterMs: 30, readAfterMs: 90 },
    ackTimeoutMs: ACK_TIMEOUT_MS,
  });
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await sim?.close();
  await database?.close();
});

describe("fault: a misbehaving wuzapi gateway", () => {
  it("settles every intent without a duplicate, every lost answer by the receipt for our own id", async () => {
    await runGatewayScenario({
      env: {
        ...gatewaylessFaultEnv(database.url),
        WUZAPI_BASE_URL: sim.url,
        WUZAPI_ADMIN_TOKEN: sim.adminToken,
        WUZAPI_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS),
      },
      sim,
      instanceNames: ["wz-faulty-1", "wz-faulty-2"],
      intents: INTENTS,
      faults: FAULTS,
      disconnectedMs: DISCONNECTED_MS,
      processes,
    });

    // An answer lost while the request waited for the user's send lock may mean nothing left: only
    // an UNCONFIRMED attempt the gateway took has a receipt to come.
    const sentPhones = () => new Set(sim.sends.map((send) => send.to.replace(/@.*$/, "")));
    const takenButUnconfirmed = (jobs: { status: string; phone: string }[]) => {
      const sent = sentPhones();
      return jobs.filter((job) => job.status === "UNCONFIRMED" && sent.has(job.phone));
    };
    const result = await settle(
      async () => account(await readJobs(database.url), sim.sends),
      (a) =>
        a.runnable === 0 && (a.byStatus.PROCESSING ?? 0) === 0 && takenButUnconfirmed(a.jobs).length === 0,
      180_000,
    );
    sim.resetFaults();
    const timeline = await timelineFigures(database.url);
    printFigures({
      scenario: "gateway-faults-wuzapi",
      intents: INTENTS,
      workerProcesses: 2,
      faultRates: FAULTS,
      clientTimeoutMs: CLIENT_TIMEOUT_MS,
      ackTimeoutMs: ACK_TIMEOUT_MS,
      disconnectedMs: DISCONNECTED_MS,
      acceptedSends: result.acceptedSends,
      outcomes: result.byStatus,
      attemptsByOutcome: timeline,
      duplicates: result.duplicates,
      sentWithoutItsSend: result.sentMismatches,
      unconfirmedNeverSent: result.unconfirmedNeverSent,
    });

    expectSoundAccounting(result, INTENTS);
    // Every fault was met.
    expect(timeline["MessageFailed:PROVIDER_SEND_FAILED"] ?? 0).toBeGreaterThan(0);
    expect(timeline["MessageFailed:INSTANCE_NOT_CONNECTED"] ?? 0).toBeGreaterThan(0);
    for (const lost of ["CONNECTION_RESET", "TIMEOUT", "ACK_TIMEOUT"])
      expect(timeline[`MessageUnconfirmed:${lost}`] ?? 0).toBeGreaterThan(0);
    // Every lost answer of a send the gateway took was settled by id; what stays UNCONFIRMED never left.
    expect(timeline.MessageConfirmedByGateway ?? 0).toBeGreaterThan(0);
    expect(takenButUnconfirmed(result.jobs)).toEqual([]);
    expect(result.unconfirmedNeverSent).toBe(result.byStatus.UNCONFIRMED ?? 0);
    // Every SENT job carries the id it sent, ours.
    for (const job of result.jobs.filter((j) => j.status === "SENT"))
      expect(job.provider_message_id).toMatch(/^3EB0[0-9A-F]{18}$/);
    // FAILED means the gateway never took it.
    const phonesSent = sentPhones();
    for (const job of result.jobs.filter((j) => j.status === "FAILED"))
      expect(phonesSent.has(job.phone)).toBe(false);
  }, 420_000);
});
