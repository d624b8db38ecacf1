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

// A new operator's second day: `npm start` again on the same data folder. The simulator in the
// process starts empty; the numbers the database knows must still send.

const API_KEY = "wlk_embedded-restart-test-key";

let dataDir: string;
let executor: ExecutorProcess | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "whatlead-restart-"));
});
afterAll(async () => {
  await executor?.stop(5_000);
  rmSync(dataDir, { recursive: true, force: true });
});

function start(): Promise<ExecutorProcess> {
  return startExecutorProcess(embeddedDefaultEnv(dataDir, API_KEY));
}

function call(url: string, method: string, path: string, body?: unknown) {
  return callApi(url, API_KEY, method, path, body);
}

async function send(url: string, instanceId: unknown): Promise<unknown> {
  const intent = await call(url, "POST", "/v1/intents", {
    target: { kind: "PHONE", value: "+55 11 97777-4321" },
    type: "TEXT",
    payload: { text: "Olá de novo" },
  });
  await call(url, "POST", `/v1/intents/${intent.json.id}/approve`, { instanceId });
  return eventually(async () => {
    const { json } = await call(url, "GET", `/v1/intents/${intent.json.id}`);
    return json.status === "SENT" || json.status === "FAILED" ? json.status : undefined;
  });
}

describe("embedded default across a restart", () => {
  it("sends through the instance registered before the restart", async () => {
    executor = await start();
    const instance = await call(executor.url, "POST", "/v1/instances", { name: "second-day" });
    expect(instance.status).toBe(201);
    expect(await send(executor.url, instance.json.id)).toBe("SENT");
    await executor.stop(5_000);

    executor = await start();
    const { json } = await call(executor.url, "GET", "/v1/instances");
    expect(json.items).toEqual([expect.objectContaining({ id: instance.json.id, status: "connected" })]);
    expect(await send(executor.url, instance.json.id)).toBe("SENT");

    const again = await call(executor.url, "POST", "/v1/instances", { name: "second-day" });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "INSTANCE_EXISTS" });
    expect(String((again.json.error as { message: string }).message)).toContain(String(instance.json.id));
  }, 180_000);
});
