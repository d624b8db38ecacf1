import { countQueries } from "./query-counter";

// Loaded with --import into the executor's process (executor-process.ts): counts its queries and
// answers "usage" over IPC with them and its peak memory.

const queries = countQueries();

process.on("message", (message) => {
  if (message !== "usage") return;
  const cpu = process.cpuUsage();
  process.send?.({
    queries: queries(),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
});
// A bench process that dies must not leave an executor holding its database: stop as on SIGTERM.
process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
// The IPC channel alone must not keep the executor alive: it exits on its own terms.
process.channel?.unref();
