import { type ChildProcess, fork } from "node:child_process";
import { createInterface } from "node:readline";
import { SERVER_BUNDLE, SERVER_NODE_FLAGS } from "../../../apps/server/scripts/server-bundle";
import { BUNDLES } from "../harness/bundle-paths";
import { profileArgs } from "../harness/profile-args";

/** The key the executor is called with; BOOTSTRAP_API_KEY makes it a key of the organization "default". */
export const BENCH_API_KEY = "bench-api-key-0123456789abcdefghijklmnop";
/** TURBOZAP_WEBHOOK_SECRET of the runs whose gateway posts to the executor (receipts, W7). */
export const GATEWAY_WEBHOOK_SECRET = "bench-webhook-secret-0123456789";

export interface Usage {
  queries: number;
  peakRssMb: number;
  /** CPU time the process has used (user and system), ms. */
  cpuMs: number;
}

/**
 * The executor exactly as users run it (`npm start` runs `node dist/main.js`, the bundle), configured by
 * its environment), in a child process that also counts its queries (report-usage.ts).
 */
export class ExecutorProcess {
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    /** The API's base URL, from the banner. */
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
  }

  static async start(env: Record<string, string>): Promise<ExecutorProcess> {
    const child = fork(SERVER_BUNDLE, [], {
      execArgv: [...SERVER_NODE_FLAGS, "--import", BUNDLES.reportUsage, ...profileArgs()],
      env: { ...process.env, BOOTSTRAP_API_KEY: BENCH_API_KEY, HOST: "127.0.0.1", PORT: "0", ...env },
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`the executor exited with ${code} before it was ready`)));
      // The banner is printed once the API listens and the worker runs: its API line says where.
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        const api = /API\s+(http:\/\/\S+)/.exec(line);
        if (api?.[1]) resolve(api[1]);
      });
    });
    return new ExecutorProcess(child, url);
  }

  /** An API host without a worker (no gateway is ever called), as a gate or a campaign tool calls it. */
  static startApiOnly(databaseUrl: string): Promise<ExecutorProcess> {
    return ExecutorProcess.start({
      DATABASE_URL: databaseUrl,
      TURBOZAP_BASE_URL: "http://127.0.0.1:1",
      TURBOZAP_API_KEY: "unused",
      WORKER_ENABLED: "false",
      LOG_LEVEL: "warn",
    });
  }

  usage(): Promise<Usage> {
    return new Promise((resolve) => {
      this.child.once("message", (usage: Usage) => resolve(usage));
      this.child.send("usage");
    });
  }

  /** SIGTERM, as a service manager stops it: in-flight sends finish, then it exits. */
  async stop(): Promise<void> {
    this.child.kill("SIGTERM");
    await this.exited;
  }
}
