import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ max: 2 });
});
afterAll(() => database.close());

async function keys(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // `npm run cli` is tsx; node loads it directly, without an npx process in front of each call.
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", cli, "keys", ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: database.url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run cli -- keys", () => {
  it("creates a key (and its organization) printed once, lists it by prefix, revokes it", async () => {
    const created = await keys("create", "--org", "acme", "--label", "ci");
    expect(created.code).toBe(0);
    const secret = /^ {2}(wlk_\S+)$/m.exec(created.stdout)?.[1] ?? "";
    const id = /created key (\S+)/.exec(created.stdout)?.[1] ?? "";
    expect(secret).toMatch(/^wlk_[\w-]{43}$/);

    const listed = await keys("list", "--org", "acme");
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain(`${secret.slice(0, 8)}…`);
    expect(listed.stdout).not.toContain(secret.slice(0, 9));
    expect(listed.stdout).not.toContain(secret);

    const revoked = await keys("revoke", id);
    expect(revoked.stdout).toMatch(/^revoked key/);
    expect((await keys("list")).stdout).toMatch(new RegExp(`${id}.*\\d{4}-\\d\\d-\\d\\dT.*Z\\s*$`, "m"));
  });

  it("answers a wrong call with its usage and exit code 2", async () => {
    const wrong = await keys("create");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/usage:/);
    const unknown = await keys("revoke", "00000000-0000-4000-8000-000000000000");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no API key with id/);
  });
});
