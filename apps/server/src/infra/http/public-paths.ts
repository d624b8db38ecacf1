/**
 * The routes anyone may call. Every other route under /v1 needs an API key; the gateway webhooks
 * check their own secret. Outside /v1 nothing serves an organization's data: the dashboard's files
 * and pages (`/`, `/assets/*`, its routes) are public too, and it calls /v1 with the operator's key.
 */
export const PUBLIC_PATHS: readonly string[] = [
  "/healthz",
  "/readyz",
  "/metrics",
  "/docs",
  "/openapi.json",
  "/v1/webhooks/turbozap",
  "/v1/webhooks/evolution",
  "/v1/webhooks/wuzapi",
];

/** `path` is a route pattern (or, for an unknown route, the requested path). */
export function needsApiKey(path: string): boolean {
  if (PUBLIC_PATHS.some((open) => path === open || path.startsWith(`${open}/`))) return false;
  return path === "/v1" || path.startsWith("/v1/") || path.startsWith("/v1:");
}
