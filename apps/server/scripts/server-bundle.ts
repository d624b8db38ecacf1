import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// Found through the package, not through this module's own address: the bench bundles this module
// into its child processes, where `import.meta.url` names the bundle instead.
const SERVER_PACKAGE = dirname(createRequire(import.meta.url).resolve("@whatlead/server/package.json"));

/** Where `npm run build -w apps/server` writes the server, and where `npm start` and the bench run it. */
export const SERVER_BUNDLE = join(SERVER_PACKAGE, "dist", "main.js");
/** The server's entry point, as TypeScript. */
export const SERVER_ENTRY = join(SERVER_PACKAGE, "src", "main.ts");
/** The simulators (and their shared kit) ship TypeScript sources: bundles include them instead of importing them. */
export function simulatorEntry(packageName: string): string {
  return join(SERVER_PACKAGE, "..", "..", "packages", packageName, "src", "index.ts");
}

/**
 * The node flags of the server's `npm start` script (source maps on; a young generation of 4 MB
 * semi-spaces, which keeps the peak memory under load about 40 MB lower for a few more, cheap,
 * scavenges), read from the script itself so that whoever else starts the bundle does it alike.
 */
export const SERVER_NODE_FLAGS: readonly string[] = (
  JSON.parse(readFileSync(join(SERVER_PACKAGE, "package.json"), "utf8")) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith("--"));
