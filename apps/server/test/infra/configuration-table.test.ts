import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { configSchema, loadConfig } from "../../src/infra/config/config";
import { SERVER_ROOT } from "../../src/server-root";

interface Row {
  variables: string[];
  defaults: string[];
}

/** The rows of the README's configuration table: the variables of each, and its backticked defaults. */
function configurationTable(): Row[] {
  const readme = readFileSync(join(SERVER_ROOT, "..", "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## API"));
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [variables = "", defaults = ""] = line.split("|").slice(1, 3);
      return {
        variables: [...variables.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1] as string),
        // What follows "(" or "→" explains the default rather than giving it.
        defaults: [...(defaults.split(/[(→]/)[0] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] as string),
      };
    });
}

it("documents every setting of the schema in the README, and nothing else", () => {
  const documented = configurationTable().flatMap((row) => row.variables);
  expect([...documented].sort()).toEqual(Object.keys(configSchema.in.shape).sort());
});

it("documents the defaults the schema gives", () => {
  const defaults = loadConfig({}) as Record<string, unknown>;
  const rows = configurationTable().filter((row) => row.defaults.length > 0);
  expect(rows.length).toBeGreaterThan(20);
  for (const { variables, defaults: written } of rows) {
    expect(written, `defaults of ${variables.join(" / ")}`).toHaveLength(variables.length);
    // Read through the schema, so that `30d` documents a default of 2,592,000 seconds.
    expect(
      variables.map((name) => defaults[name]),
      variables.join(" / "),
    ).toEqual(
      variables.map((name, i) => (loadConfig({ [name]: written[i] }) as Record<string, unknown>)[name]),
    );
  }
});

it("defaults the heartbeat to a third of the lease", () => {
  expect(loadConfig({ WORKER_LEASE_MS: 900 }).WORKER_HEARTBEAT_INTERVAL_MS).toBe(300);
  expect(loadConfig({}).WORKER_HEARTBEAT_INTERVAL_MS).toBe(10_000);
});
