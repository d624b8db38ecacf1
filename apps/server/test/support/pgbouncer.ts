import { execFile, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./executor-process";

const run = promisify(execFile);
const PGBOUNCER = "/usr/sbin/pgbouncer";
const START_TIMEOUT_MS = 15_000;

/** Why PgBouncer tests cannot run here, or null when they can (`.ci/run` installs it). */
export function pgBouncerMissing(): string | null {
  return existsSync(PGBOUNCER) ? null : `${PGBOUNCER} is not installed (apt-get install -y pgbouncer)`;
}

export interface PgBouncer {
  /** The same URL, through PgBouncer. */
  through(databaseUrl: string): string;
  close(): Promise<void>;
}

/**
 * Our own PgBouncer in transaction mode, on a free port, in front of the PostgreSQL that `serverUrl`
 * names, with its config in a temporary folder. It refuses to run as root: as root it runs as the
 * `postgres` OS user.
 */
export async function startPgBouncer(serverUrl: string): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const root = mkdtempSync("/tmp/whatlead-pgbouncer-");
  const port = await freePort();
  const user = decodeURIComponent(server.username || "postgres");
  writeFileSync(join(root, "userlist.txt"), `"${user}" ""\n`);
  writeFileSync(
    join(root, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port || 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${join(root, "userlist.txt")}`,
      "pool_mode = transaction",
      "max_client_conn = 1000",
      "default_pool_size = 20",
      `logfile = ${join(root, "pgbouncer.log")}`,
    ].join("\n"),
  );
  const ids = userInfo().uid === 0 ? await postgresUserIds(root) : {};
  const child = spawn(PGBOUNCER, [join(root, "pgbouncer.ini")], { ...ids, stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const through = (databaseUrl: string) => {
    const url = new URL(databaseUrl);
    url.hostname = "127.0.0.1";
    url.port = String(port);
    return url.toString();
  };
  await waitUntilAnswering(through(serverUrl), exited);
  return {
    through,
    close: async () => {
      child.kill("SIGTERM");
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function postgresUserIds(root: string): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
  const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
  chownSync(root, uid, gid);
  return { uid, gid };
}

async function waitUntilAnswering(url: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (gone) throw new Error("pgbouncer exited at start");
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query("select 1");
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
}
