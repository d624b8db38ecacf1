import { afterEach, expect, it, vi } from "vitest";
import { PeriodicTask } from "../../src/infra/worker/periodic-task";

afterEach(() => {
  vi.useRealTimers();
});

it("runs at start when asked, then every interval, never two runs at once, and stop waits for the run in progress", async () => {
  vi.useFakeTimers();
  let running = 0;
  let mostAtOnce = 0;
  let runs = 0;
  let finish: () => void = () => {};
  const task = new PeriodicTask(100, async () => {
    runs++;
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise<void>((resolve) => {
      finish = resolve;
    });
    running--;
  });

  task.start({ runNow: true });
  expect(runs).toBe(1);
  await vi.advanceTimersByTimeAsync(350); // three ticks while the first run is still going
  expect(runs).toBe(1);
  finish();
  await vi.advanceTimersByTimeAsync(100);
  expect(runs).toBe(2);

  let stopped = false;
  const stopping = task.stop().then(() => {
    stopped = true;
  });
  await vi.advanceTimersByTimeAsync(0);
  expect(stopped).toBe(false);
  finish();
  await stopping;
  await vi.advanceTimersByTimeAsync(1_000);
  expect(runs).toBe(2);
  expect(mostAtOnce).toBe(1);
});
