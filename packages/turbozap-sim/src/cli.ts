#!/usr/bin/env -S npx tsx
import { parseArgs } from "node:util";
import { startTurboZapSim } from "./server";

// Standalone sim for other processes: tsx packages/turbozap-sim/src/cli.ts --port 8080 --api-key KEY

function readOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "api-key": { type: "string" },
      "no-auto-connect": { type: "boolean", default: false },
    },
  });
  const port = Number(values.port ?? process.env.SIM_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${values.port}`);
  return {
    port,
    host: values.host ?? process.env.SIM_HOST ?? "127.0.0.1",
    apiKey: values["api-key"] ?? process.env.SIM_API_KEY ?? "sim-admin-key",
    autoConnect: !values["no-auto-connect"],
  };
}

async function main(): Promise<void> {
  const sim = await startTurboZapSim(readOptions());
  process.stdout.write(`turbozap-sim listening on ${sim.url}\n`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`turbozap-sim: ${(error as Error).message}\n`);
  process.exit(1);
});
