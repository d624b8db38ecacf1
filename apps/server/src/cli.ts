import { join } from "node:path";
import { parseArgs } from "node:util";
import { systemClock } from "./application/ports/clock";
import type { ApiKeyListing } from "./domain/organization/api-key";
import { ApiKeys } from "./infra/auth/api-keys";
import { ConfigError, loadConfig } from "./infra/config/config";
import { runMigrations } from "./infra/database/migrate";
import { openConfiguredDatabase } from "./infra/database/open-configured-database";
import { PostgresApiKeyRepository } from "./infra/database/repositories/postgres-api-key-repository";
import { SERVER_ROOT } from "./server-root";

const USAGE = `usage:
  npm run cli -- keys create --org <name> [--label <text>]   creates the organization if missing; prints the key once
  npm run cli -- keys list [--org <name>]
  npm run cli -- keys revoke <key id>
The database is the server's: DATABASE_URL, or else the embedded one in DATA_DIR.`;

class UsageError extends Error {}

/** Administration of API keys, on the server's database. */
async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { org: { type: "string" }, label: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [group, command, ...rest] = positionals;
  if (values.help || group !== "keys") throw new UsageError(USAGE);
  // The server started with `npm start` resolves the default ./data in its own package folder.
  const config = loadConfig({ DATA_DIR: join(SERVER_ROOT, "data"), ...process.env });
  const database = openConfiguredDatabase(config);
  try {
    await runMigrations(database);
    const apiKeys = new ApiKeys(new PostgresApiKeyRepository(database.db), systemClock);
    process.stdout.write(`${await run(apiKeys, command, rest, values)}\n`);
  } finally {
    await database.close();
  }
}

async function run(
  apiKeys: ApiKeys,
  command: string | undefined,
  args: string[],
  options: { org?: string | undefined; label?: string | undefined },
): Promise<string> {
  switch (command) {
    case "create": {
      const org = options.org?.trim();
      if (!org || args.length > 0) throw new UsageError(USAGE);
      const { key, secret } = await apiKeys.create(org, options.label?.trim() || "cli");
      return [
        `created key ${key.id} (label "${key.label}") for organization ${org} (id ${key.organizationId})`,
        "",
        `  ${secret}`,
        "",
        "Store it now: only its hash is kept, it cannot be shown again. Use it as: Authorization: Bearer <key>",
      ].join("\n");
    }
    case "list": {
      if (args.length > 0) throw new UsageError(USAGE);
      const keys = await apiKeys.list(options.org);
      return keys.length === 0 ? "no API keys" : table(keys);
    }
    case "revoke": {
      const [id, ...extra] = args;
      if (!id || extra.length > 0) throw new UsageError(USAGE);
      const key = await apiKeys.revoke(id);
      if (!key) throw new UsageError(`no API key with id ${id}`);
      return `revoked key ${key.id} (${key.prefix}…) at ${key.revokedAt?.toISOString()}`;
    }
    default:
      throw new UsageError(USAGE);
  }
}

function table(keys: ApiKeyListing[]): string {
  const rows = [
    ["ID", "ORGANIZATION", "LABEL", "PREFIX", "CREATED", "LAST USED", "REVOKED"],
    ...keys.map((k) => [
      k.id,
      k.organizationName,
      k.label,
      `${k.prefix}…`,
      k.createdAt.toISOString(),
      k.lastUsedAt?.toISOString() ?? "-",
      k.revokedAt?.toISOString() ?? "-",
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof UsageError || error instanceof ConfigError;
  process.stderr.write(`${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(known ? 2 : 1);
});
