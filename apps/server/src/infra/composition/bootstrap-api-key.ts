import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateApiKeySecret } from "../auth/api-key-secret";
import type { ApiKeys } from "../auth/api-keys";
import { type Config, ConfigError } from "../config/config";

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
    await ensureUsable(
      apiKeys,
      config.BOOTSTRAP_API_KEY,
      "BOOTSTRAP_API_KEY is a revoked key: set another one",
    );
    return { kind: "env" };
  }
  if (config.DATABASE_URL) return { kind: "none" };
  const path = join(config.DATA_DIR, BOOTSTRAP_KEY_FILE);
  if (!existsSync(path)) writeFileSync(path, `${generateApiKeySecret()}\n`, { mode: 0o600, flag: "wx" });
  const revoked = `the key in ${path} was revoked: delete the file and a new key is generated at the next start`;
  await ensureUsable(apiKeys, readFileSync(path, "utf8").trim(), revoked);
  return { kind: "file", path };
}

// A revoked key stays revoked: an operator revoked it on purpose, so the start refuses to go on.
async function ensureUsable(apiKeys: ApiKeys, secret: string, revokedMessage: string): Promise<void> {
  const key = await apiKeys.ensureBootstrapKey(secret);
  if (key.revokedAt) throw new ConfigError(revokedMessage);
}
