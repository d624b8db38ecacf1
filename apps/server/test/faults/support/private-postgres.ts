import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "../../support/executor-process";

const run = promisify(execFile);
const POSTGRES_ROOT = "/usr/lib/postgresql";

/**
 * A throwaway PostgreSQL cluster of our own, so that a scenario may restart it or cut its
 * connections without touching the machine's shared server that other tests use.
 */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  urlOf(database: string, applicationName?: string): string;
  createDatabase(name: string): Promise<void>;
  /** Terminates every session whose application_name starts with `prefix`; returns how many. */
  terminateSessions(database: string, prefix: string): Promise<number>;
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

/** The newest installed server's bin folder with initdb and pg_ctl, or null when there is none. */
export function findPostgresBinaries(): string | null {
  if (!existsSync(POSTGRES_ROOT)) return null;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter(
      (v) =>
        existsSync(join(POSTGRES_ROOT, v, "bin", "initdb")) &&
        existsSync(join(POSTGRES_ROOT, v, "bin", "pg_ctl")),
    )
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(POSTGRES_ROOT, versions[0], "bin") : null;
}

/** The server refuses to run as root: as root, run its tools as the `postgres` OS user. */
function asServerUser(bin: string, args: string[]) {
  return userInfo().uid === 0 ? run("runuser", ["-u", "postgres", "--", bin, ...args]) : run(bin, args);
}

export async function startPrivatePostgres(binaries: string): Promise<PrivatePostgres> {
  const root = mkdtempSync("/tmp/whatlead-faults-pg-");
  const dataDir = join(root, "data");
  if (userInfo().uid === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(root, Number(stdout.trim()), Number(gid.trim()));
  }
  const port = await freePort();
  const pgCtl = join(binaries, "pg_ctl");
  await asServerUser(join(binaries, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  const options = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  // The log file on every start: without it the server would write to (and hold open) our pipe.
  const serverArgs = ["-D", dataDir, "-o", options, "-l", join(root, "server.log"), "-w"];
  await asServerUser(pgCtl, [...serverArgs, "start"]);

  const urlOf = (database: string, applicationName?: string) =>
    `postgres://postgres@127.0.0.1:${port}/${database}${applicationName ? `?application_name=${applicationName}` : ""}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: urlOf("postgres") });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    urlOf,
    createDatabase: (name) => admin(async (client) => void (await client.query(`create database ${name}`))),
    terminateSessions: (database, prefix) =>
      admin(async (client) => {
        const { rows } = await client.query(
          `select pg_terminate_backend(pid) as done from pg_stat_activity
           where datname = $1 and application_name like $2 and pid <> pg_backend_pid()`,
          [database, `${prefix}%`],
        );
        return rows.filter((row) => row.done).length;
      }),
    restart: async () => {
      await asServerUser(pgCtl, [...serverArgs, "-m", "fast", "restart"]);
    },
    destroy: async () => {
      await asServerUser(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
