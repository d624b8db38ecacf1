import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SERVER_BUNDLE, SERVER_NODE_FLAGS } from "../../scripts/server-bundle";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface ServerProcess {
  process: ChildProcess;
  /** The API's base URL, from the banner. */
  url: string;
  /** POSTs as a client of that process does (the harness's request() cannot reach it), with `apiKey`. */
  post(path: string, body: unknown): Promise<{ id: string }>;
}

/**
 * Starts the real server process with `env` over the defaults, once its API listens: the bundle
 * `npm start` runs (built by the suite's global setup), with the start script's node flags. Not
 * through npm itself, which would stand between a signal and the server and does not relay SIGTERM.
 */
export function startServerProcess(env: Record<string, string>, apiKey: string): Promise<ServerProcess> {
  const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_BUNDLE], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      BOOTSTRAP_API_KEY: apiKey,
      // At most 2 pooled + 2 claim connections + its listener: the suite runs three files at a time
      // on PostgreSQL's 100 connections, and with the default 10 the two processes of
      // runnable-job-wakeup held 17. None of these tests is about the pool's size.
      DATABASE_POOL_SIZE: "2",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const post = async (url: string, path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  return new Promise((resolve, reject) => {
    let output = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ process: server, url, post: (path, body) => post(url, path, body) });
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}
