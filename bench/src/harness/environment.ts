import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus } from "node:os";
import pg from "pg";
import type { SystemName } from "../systems/bench-system";

const require = createRequire(import.meta.url);

function packageFile(system: SystemName): string {
  if (system === "ours" || system === "floor")
    return new URL("../../../apps/server/package.json", import.meta.url).pathname;
  // Neither package exports its package.json: find it beside the entry point.
  const marker = `/node_modules/${system}/`;
  return `${require.resolve(system).split(marker)[0]}${marker}package.json`;
}

export function versionOf(system: SystemName): string {
  return (JSON.parse(readFileSync(packageFile(system), "utf8")) as { version: string }).version;
}

export interface Environment {
  cores: number;
  cpu: string;
  node: string;
  postgres: string;
}

export async function describeEnvironment(adminUrl: string): Promise<Environment> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>("show server_version");
  await client.end();
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    node: process.version,
    postgres: rows[0]?.server_version ?? "unknown",
  };
}
