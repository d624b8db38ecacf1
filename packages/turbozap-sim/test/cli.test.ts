import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cliPath = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

describe("cli", () => {
  it("prints its URL, serves the API with the given key and exits cleanly on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", cliPath, "--port", "0", "--api-key", "cli-key"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const [chunk] = (await once(child.stdout, "data")) as [Buffer];
    const url = /http:\/\/\S+/.exec(chunk.toString())?.[0];
    expect(url).toBeDefined();
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const denied = await fetch(`${url}/api/instance/list`, { headers: { "X-API-Key": "sim-admin-key" } });
    expect(denied.status).toBe(401);
    const allowed = await fetch(`${url}/api/instance/list`, { headers: { "X-API-Key": "cli-key" } });
    expect(allowed.status).toBe(200);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });
});
