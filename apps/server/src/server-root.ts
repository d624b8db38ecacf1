import { fileURLToPath } from "node:url";

/**
 * This package's folder (apps/server), resolved from this module. It sits one level below it, as
 * the built bundle (dist/main.js) does, so the same paths hold whether the source runs under tsx
 * or the bundle runs under node: every file the server reads is found from here.
 */
export const SERVER_ROOT = fileURLToPath(new URL("..", import.meta.url));
