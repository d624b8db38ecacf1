import { type ChildProcess, fork } from "node:child_process";

interface Reply {
  id?: number;
  result?: unknown;
  error?: string;
  ready?: unknown;
}

/** A child process running a bundled entry (build-bundles.ts), driven by request/answer messages over IPC. */
export class IpcChild<Request> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: unknown,
  ) {
    child.on("message", (reply: Reply) => {
      if (reply.id === undefined) return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.result);
    });
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    void this.exited.then(() => {
      for (const waiter of this.pending.values()) waiter.reject(new Error("child process exited"));
      this.pending.clear();
    });
  }

  static start<Request>(entry: string, args: string[], execArgv: string[] = []): Promise<IpcChild<Request>> {
    const child = fork(entry, args, {
      execArgv: ["--enable-source-maps", ...execArgv],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new Promise((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`${entry} exited with ${code} before it was ready`)));
      child.on("message", (reply: Reply) => {
        if (reply.ready !== undefined) resolve(new IpcChild<Request>(child, reply.ready));
      });
    });
  }

  request<T>(request: Request): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, request });
    });
  }

  /** Closes the channel (the child exits on disconnect) and waits for the exit. */
  async close(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    const killer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(killer);
  }
}
