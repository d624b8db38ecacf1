import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";

export interface DashboardOptions {
  /** The folder of the built dashboard (apps/web/dist). */
  root: string;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>WhatLead Executor</title>
<h1>The dashboard is not built</h1>
<p>Run <code>npm run build -w apps/web</code> (or start with <code>npm start</code>, which builds it first).
The API under <code>/v1</code> works without it.</p>`;

/** API paths, and files (a name with an extension) the build does not have, are not pages of the app. */
function isPagePath(request: FastifyRequest): boolean {
  const path = request.url.split("?")[0] ?? "";
  const isApi = path === "/v1" || path.startsWith("/v1/") || path === "/healthz";
  return !isApi && !/\.[a-z0-9]+$/i.test(path);
}

/** Vite names every asset by its content: a new build has new names, so an asset never changes. */
function cacheControlOf(path: string): string {
  return /[\\/]assets[\\/]/.test(path) ? "public, max-age=31536000, immutable" : "no-cache";
}

/**
 * The operator dashboard at `/`: its built files, and index.html for any other GET outside the API so
 * that the single-page app's own paths survive a reload. API paths keep the API's JSON 404.
 */
export const dashboardRoutes: FastifyPluginAsync<DashboardOptions> = async (app, { root }) => {
  const built = existsSync(join(root, "index.html"));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => reply.header("cache-control", cacheControlOf(path)),
    });
  }
  const fallback = (request: FastifyRequest, reply: FastifyReply) => {
    if (!isPagePath(request)) return reply.callNotFound();
    if (!built) return reply.status(503).type("text/html; charset=utf-8").send(NOT_BUILT);
    return reply.sendFile("index.html");
  };
  // Pages, not API: kept out of the OpenAPI document.
  const page = { schema: { hide: true } };
  if (!built) app.get("/", page, fallback);
  app.get("/*", page, fallback);
};
