import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SERVER_BUNDLE, SERVER_NODE_FLAGS } from "../../scripts/server-bundle";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const START_TIMEOUT_MS = 60_000;
const OUTPUT_KEPT = 20_000;

/** A real executor process (`src/main.ts`), as production runs it. */
export interface ExecutorProcess {
  pid: number;
  /** Its API base URL, read from the banner. */
  url: string;
  /** Resolves when the process has exited, with its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** The tail of what it printed, for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** One JSON call to a running executor's API with `apiKey`, as an outside client makes it. */
export async function callApi(
  url: string,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${apiKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** The embedded default as `npm start` runs it (PGlite in `dataDir`, the simulator in the process). */
export function embeddedDefaultEnv(dataDir: string, apiKey: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    TURBOZAP_BASE_URL: "",
    TURBOZAP_API_KEY: "",
    TURBOZAP_WEBHOOK_SECRET: "",
    PUBLIC_URL: "",
    BOOTSTRAP_API_KEY: apiKey,
    PORT: "0",
    WORKER_POLL_INTERVAL_MS: "50",
  };
}

/**
 * Starts the server's bundle as `npm start` runs it (built by the suite's global setup; one process:
 * a SIGKILL ends the executor itself, not a launcher in front of it) and resolves once it listens.
 * Not through tsx: its loader thread and compiling at each start made a start take 2.9-5.2 s against the bundle's 1.2-2.2 s (a busy 2-core machine), and
 * the fault scenarios start dozens. In a network namespace `ip netns exec` runs it (and execs it:
 * still one process).
 */
export function startExecutorProcess(
  env: Record<string, string>,
  options: { netns?: string } = {},
): Promise<ExecutorProcess> {
  const command = [process.execPath, ...SERVER_NODE_FLAGS, SERVER_BUNDLE];
  const [file = "", ...args] = options.netns ? ["ip", "netns", "exec", options.netns, ...command] : command;
  const child = spawn(file, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`executor did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const match = /API\s+(http:\/\/\S+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve(handle(child, match[1], exited, () => output));
    };
    child.stdout?.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`executor exited (${code}) before listening:\n${output}`));
    });
  });
}

function handle(
  child: ChildProcess,
  url: string,
  exited: Promise<number | null>,
  output: () => string,
): ExecutorProcess {
  const pid = child.pid ?? 0;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  return {
    pid,
    url,
    exited,
    output,
    kill: (signal) => {
      if (!gone) child.kill(signal);
    },
    stop: async (graceMs = 10_000) => {
      if (gone) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A port free right now, for a process that must know its own URL before it listens. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
