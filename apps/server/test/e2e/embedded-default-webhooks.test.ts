import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/executor-harness";
import {
  callApi,
  type ExecutorProcess,
  embeddedDefaultEnv,
  startExecutorProcess,
} from "../support/executor-process";

// The embedded default as `npm start` runs it: PGlite and the three simulators in the process, which
// must wire each gateway's webhooks to itself, each on that gateway's own credential.

const API_KEY = "wlk_embedded-webhooks-test-key-0123456789";

let executor: ExecutorProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "whatlead-embedded-"));
  executor = await startExecutorProcess(embeddedDefaultEnv(dataDir, API_KEY));
});
afterAll(async () => {
  await executor?.stop(5_000);
  rmSync(dataDir, { recursive: true, force: true });
});

function call(method: string, path: string, body?: unknown) {
  return callApi(executor.url, API_KEY, method, path, body);
}

describe("embedded default", () => {
  it("records each simulator's receipts through webhooks it configured itself", async () => {
    expect(executor.output()).toContain(`webhooks  ${executor.url}/v1/webhooks/<provider>`);
    for (const provider of ["turbozap (default)", "evolution", "wuzapi"]) {
      expect(executor.output()).toMatch(
        new RegExp(`${provider.replace(/[()]/g, "\\$&")}: built-in simulator at http://`),
      );
    }
    for (const [index, provider] of ["turbozap", "evolution", "wuzapi"].entries()) {
      const instance = await call("POST", "/v1/instances", { name: `embedded-hooks-${provider}`, provider });
      expect(instance.status).toBe(201);
      const intent = await call("POST", "/v1/intents", {
        target: { kind: "PHONE", value: `+55 11 97777-123${index}` },
        type: "TEXT",
        payload: { text: "Olá" },
      });
      await call("POST", `/v1/intents/${intent.json.id}/approve`, { instanceId: instance.json.id });

      const details = await eventually(async () => {
        const { json } = await call("GET", `/v1/intents/${intent.json.id}`);
        return json.deliveredAt && json.readAt ? json : undefined;
      });
      expect(details.status, provider).toBe("SENT");
    }
    // The secret is random and never shown: a caller without it is refused.
    const forged = await call("POST", "/v1/webhooks/turbozap", { event: "connection.update" });
    expect(forged.status).toBe(401);
    const forgedEvolution = await call("POST", "/v1/webhooks/evolution", { event: "CONNECTION_UPDATE" });
    expect(forgedEvolution.status).toBe(401);
  });
});
