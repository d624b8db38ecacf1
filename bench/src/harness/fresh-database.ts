import { runAdmin } from "../../../apps/server/test/support/run-admin";
import { migrateExecutorTables } from "../systems/executor-tables";
import type { BenchContext } from "./bench-context";

export interface FreshDatabase {
  url: string;
  /** Drops it (a run with history leaves about a gigabyte behind). */
  drop(): Promise<void>;
}

/** Drops and creates `name` on the server of `adminUrl`. Every run starts from nothing. */
export async function freshDatabase(adminUrl: string, name: string): Promise<FreshDatabase> {
  const drop = () => runAdmin(adminUrl, `drop database if exists "${name}" with (force)`);
  await drop();
  await runAdmin(adminUrl, `create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop };
}

/** The run's own database (`<prefix>_<tag>`), fresh, with the executor's tables. */
export async function freshExecutorDatabase(ctx: BenchContext, tag: string): Promise<FreshDatabase> {
  const database = await freshDatabase(
    ctx.adminUrl,
    `${ctx.databasePrefix}_${tag}`.replace(/\W/g, "_").toLowerCase(),
  );
  await migrateExecutorTables(database.url);
  return database;
}
