import { expect, it } from "vitest";
import { sleepUntil } from "../../src/infra/worker/sleep-until";

it("never resolves before the instant, including fractions of a millisecond", async () => {
  for (const ms of [0.3, 1.5, 7.25, 20.6]) {
    const at = performance.now() + ms;
    await sleepUntil(at);
    expect(performance.now()).toBeGreaterThanOrEqual(at);
  }
});

it("resolves at once for an instant already past", async () => {
  const at = performance.now() - 5;
  let resolved = false;
  const done = sleepUntil(at).then(() => {
    resolved = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  expect(resolved).toBe(true);
  await done;
});
