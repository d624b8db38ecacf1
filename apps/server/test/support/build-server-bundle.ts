import { buildServer } from "../../scripts/build-server";

/** Vitest global setup: the real-process tests start the server as `npm start` does, from its bundle. */
export default async function setup(): Promise<void> {
  await buildServer();
}
