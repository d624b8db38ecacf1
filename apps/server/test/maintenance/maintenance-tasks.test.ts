import { Writable } from "node:stream";
import { afterEach, expect, it, vi } from "vitest";
import { createLogger } from "../../src/infra/logging/logger";
import { MaintenanceTasks } from "../../src/infra/maintenance/maintenance-tasks";

afterEach(() => {
  vi.useRealTimers();
});

it("logs a failed run with the task's name and runs the task again at its next interval", async () => {
  vi.useFakeTimers();
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  let runs = 0;
  const tasks = new MaintenanceTasks(
    [
      {
        everyMs: 100,
        task: {
          name: "flaky upkeep",
          run: async () => {
            runs++;
            if (runs === 1) throw new Error("database went away");
          },
        },
      },
    ],
    createLogger("info", sink),
  );

  tasks.start();
  await vi.advanceTimersByTimeAsync(100);
  await tasks.stop();

  expect(runs).toBe(2);
  expect(lines.filter((line) => line.level === 50).map((line) => line.msg)).toEqual([
    "flaky upkeep failed; retrying at the next interval",
  ]);
});
