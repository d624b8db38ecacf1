import type { FastifyInstance } from "fastify";

/** Every route of the app as "METHOD /path" (HEAD left out), read from Fastify's own route tree. */
export function routesOf(app: FastifyInstance): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? "").length / 4;
    stack.length = depth;
    stack.push(match[2] ?? "");
    for (const method of (match[3] ?? "").split(", ").filter((m) => m && m !== "HEAD")) {
      routes.push(`${method} ${stack.join("")}`);
    }
  }
  return routes.sort();
}
