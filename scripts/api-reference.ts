/**
 * Writes the README's API route table from the OpenAPI document the server serves at
 * /openapi.json, between `<!-- api:start -->` and `<!-- api:end -->`. `--check` writes nothing
 * and fails when the README differs. Run: `npm run docs:api` (or `npm run docs:api -- --check`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createExecutor } from "../apps/server/src/infra/composition/create-executor";
import { StaticProviderRegistry } from "../apps/server/src/infra/composition/static-provider-registry";
import { loadConfig } from "../apps/server/src/infra/config/config";
import { runMigrations } from "../apps/server/src/infra/database/migrate";
import { openPglite } from "../apps/server/src/infra/database/open-pglite";
import { createPersistence } from "../apps/server/src/infra/database/persistence";
import { buildHttpApp } from "../apps/server/src/infra/http/http-app";
import { httpSettingsOf } from "../apps/server/src/infra/http/http-settings";
import { OPENAPI_PATH } from "../apps/server/src/infra/http/openapi";
import { TurboZapClient } from "../apps/server/src/infra/providers/turbozap/turbozap-client";
import { TurboZapProviderAdapter } from "../apps/server/src/infra/providers/turbozap/turbozap-provider-adapter";

export const API_START = "<!-- api:start -->";
export const API_END = "<!-- api:end -->";
export const README_PATH = fileURLToPath(new URL("../README.md", import.meta.url));

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

interface OpenApiOperation {
  summary?: string;
  security?: unknown[];
}
export interface OpenApiDocument {
  security?: unknown[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], OpenApiOperation>>>;
}

/** The route table, one row per operation in the document's order. */
export function renderRouteTable(document: OpenApiDocument): string {
  const rows = Object.entries(document.paths).flatMap(([path, operations]) =>
    METHODS.flatMap((method) => {
      const operation = operations[method];
      if (!operation) return [];
      const secured = (operation.security ?? document.security ?? []).length > 0;
      return [[method.toUpperCase(), `\`${path}\``, secured ? "Bearer" : "public", operation.summary ?? ""]];
    }),
  );
  return [
    `Generated from \`GET ${OPENAPI_PATH}\` by \`npm run docs:api\`; browse it at \`/docs\`.`,
    "",
    markdownTable(["Method", "Path", "Auth", "Summary"], rows),
  ].join("\n");
}

/** Columns padded to their widest cell, as the formatter (biome) lays Markdown tables out. */
function markdownTable(header: string[], rows: string[][]): string {
  const escaped = [header, ...rows].map((row) => row.map((cell) => cell.replaceAll("|", "\\|")));
  const widths = header.map((_, column) => Math.max(3, ...escaped.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  const [head = [], ...body] = escaped;
  return [line(head), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join("\n");
}

/** `readme` with the text between the markers replaced by `section`. */
export function withApiSection(readme: string, section: string): string {
  const start = readme.indexOf(API_START);
  const end = readme.indexOf(API_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${API_START} … ${API_END}`);
  return `${readme.slice(0, start + API_START.length)}\n${section}\n${readme.slice(end)}`;
}

/** The document as the server serves it: the real app, on a throwaway in-process database. */
async function fetchOpenApiDocument(): Promise<OpenApiDocument> {
  const database = openPglite("memory://");
  try {
    await runMigrations(database);
    const persistence = createPersistence(database);
    const settings = loadConfig({});
    const executor = createExecutor({
      ...persistence,
      // Routes are only listed, never called: the provider is never reached.
      providers: new StaticProviderRegistry([
        new TurboZapProviderAdapter(
          new TurboZapClient({ baseUrl: "http://127.0.0.1:9", apiKey: "unused", timeoutMs: 1_000 }),
        ),
      ]),
      logger: pino({ level: "silent" }),
      settings,
      workerId: "docs",
    });
    const app = await buildHttpApp(executor.http, pino({ level: "silent" }), httpSettingsOf(settings));
    try {
      return (await app.inject({ method: "GET", url: OPENAPI_PATH })).json() as OpenApiDocument;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const readme = readFileSync(README_PATH, "utf8");
  const updated = withApiSection(readme, renderRouteTable(await fetchOpenApiDocument()));
  if (process.argv.includes("--check")) {
    if (updated !== readme) {
      process.stderr.write("README.md's API section is out of date: run `npm run docs:api`\n");
      process.exit(1);
    }
    return;
  }
  if (updated !== readme) writeFileSync(README_PATH, updated);
  process.stdout.write(
    updated === readme ? "README.md is up to date\n" : "README.md's API section updated\n",
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
