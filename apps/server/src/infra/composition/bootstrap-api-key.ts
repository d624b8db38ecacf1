import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateApiKeySecret } from "../auth/api-key-secret";
import type { ApiKeys } from "../auth/api-keys";
import type { Config } from "../config/config";

/** Where the key of the organization "default" comes from, for the banner. */
export type BootstrapKeySource = { kind: "env" } | { kind: "file"; path: string } | { kind: "none" };

export const BOOTSTRAP_KEY_FILE = "bootstrap-api-key";

/**
 * BOOTSTRAP_API_KEY becomes a key of the organization "default", so scripts work without an
 * interactive step. The embedded default without it generates a key once and keeps it in
 * DATA_DIR, readable by the owner only; with DATABASE_URL keys are made with the CLI.
 */
export async function ensureBootstrapApiKey(config: Config, apiKeys: ApiKeys): Promise<BootstrapKeySource> {
  if (config.BOOTSTRAP_API_KEY) {
    await apiKeys.ensureBootstrapKey(config.BOOTSTRAP_API_KEY);
    return { kind: "env" };
  }
  if (config.DATABASE_URL) return { kind: "none" };
  const path = join(config.DATA_DIR, BOOTSTRAP_KEY_FILE);
  if (!existsSync(path)) writeFileSync(path, `${generateApiKeySecret()}\n`, { mode: 0o600, flag: "wx" });
  await apiKeys.ensureBootstrapKey(readFileSync(path, "utf8").trim());
  return { kind: "file", path };
}
