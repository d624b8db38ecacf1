import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveRounds, textsInApprovalOrder, textsInSendOrder } from "../support/approve-many";
import { type Harness, raceWorkersUntilSent, startHarness } from "../support/executor-harness";
import { printFigures } from "../support/fault-figures";

const WORKERS = 8;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    poolSize: 16,
    sim: { faults: { latencyMs: 2, latencyJitterMs: 4 } },
  });
});
afterAll(() => h.close());

async function instance(name: string) {
  return h.executor.http.registerInstance.execute({ organizationId: "default", name });
}

function runUntilAllSent(total: number, perInstanceConcurrency: number) {
  return raceWorkersUntilSent(
    h,
    WORKERS,
    {
      namePrefix: `racer-${perInstanceConcurrency}`,
      WORKER_CONCURRENCY: 5,
      WORKER_POLL_INTERVAL_MS: 10,
      PER_INSTANCE_CONCURRENCY: perInstanceConcurrency,
    },
    total,
  );
}

describe("8 workers racing under PER_INSTANCE_CONCURRENCY and per-recipient order", () => {
  it("never has two sends of one instance in flight, and sends each lead's messages in approval order", async () => {
    const instances = [await instance("paced-a"), await instance("paced-b")];
    const messages = await approveRounds(h, instances, 6, 3);
    h.sim.clear();
    await runUntilAllSent(messages.length, 1);
    const inOrder = textsInApprovalOrder(messages);
    const sentOrder = textsInSendOrder(h);
    printFigures({
      scenario: "per-instance-order",
      workers: WORKERS,
      perInstanceLimit: 1,
      messages: messages.length,
      acceptedSends: h.sim.sends.length,
      maxInFlightByInstance: h.sim.maxInFlightByInstance(),
      leads: inOrder.size,
      leadsInApprovalOrder: [...inOrder].filter(
        ([lead, texts]) => JSON.stringify(sentOrder.get(lead)) === JSON.stringify(texts),
      ).length,
    });

    expect(h.sim.sends).toHaveLength(messages.length);
    expect(h.sim.maxInFlightByInstance()).toMatchObject({ "paced-a": 1, "paced-b": 1 });
    expect(sentOrder).toEqual(inOrder);
    const actors = new Set<string>();
    for (const m of messages) {
      const timeline = await h.persistence.repos.timeline.listForIntent(m.intentId);
      for (const t of timeline) if (t.event.type === "MessageSent") actors.add(t.event.actor);
    }
    expect(actors.size).toBeGreaterThan(1);
  });

  it("keeps each lead's order without an instance limit, while the instance sends in parallel", async () => {
    const [open] = [await instance("unpaced")];
    if (!open) throw new Error("no instance");
    const before = h.sim.sends.length;
    const messages = await approveRounds(h, [open], 12, 4);
    await runUntilAllSent(messages.length + before, 0);

    const sent = textsInSendOrder(h);
    for (const [lead, texts] of textsInApprovalOrder(messages)) expect(sent.get(lead)).toEqual(texts);
    expect(h.sim.maxInFlightByInstance().unpaced).toBeGreaterThan(1);
  });
});
