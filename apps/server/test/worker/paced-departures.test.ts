import { expect, it } from "vitest";
import type { ClaimedJob } from "../../src/application/ports/job-queue";
import { PacedDepartures } from "../../src/infra/worker/paced-departures";

/** Only what PacedDepartures reads of a claim. */
const claimOf = (instanceId: string, pacedBy: string | null, sendInMs: number) =>
  ({ job: { instanceId }, pacedBy, sendInMs }) as unknown as ClaimedJob;

it("counts the gap from this worker's own answer when the claim follows that very claim", () => {
  const departures = new PacedDepartures();
  departures.answered("i-1", "w#10", 1_000, 100);
  expect(departures.leavesAt(claimOf("i-1", "w#10", 95), 1_010)).toBe(1_100);
});

it("otherwise waits what the database said, from when the claim arrived", () => {
  const departures = new PacedDepartures();
  departures.answered("i-1", "w#10", 1_000, 100);
  // Another claim's answer (this worker's later one, not yet recorded here, or another worker's).
  expect(departures.leavesAt(claimOf("i-1", "w#11", 95), 1_010)).toBe(1_105);
  expect(departures.leavesAt(claimOf("i-2", "w#10", 0), 1_010)).toBe(1_010);
  expect(departures.leavesAt(claimOf("i-1", null, 0), 1_010)).toBe(1_010);
});

it("remembers only the latest answer per number", () => {
  const departures = new PacedDepartures();
  departures.answered("i-1", "w#10", 1_000, 100);
  departures.answered("i-1", "w#12", 1_200, 300);
  expect(departures.leavesAt(claimOf("i-1", "w#10", 50), 1_300)).toBe(1_350);
  expect(departures.leavesAt(claimOf("i-1", "w#12", 195), 1_310)).toBe(1_500);
});
