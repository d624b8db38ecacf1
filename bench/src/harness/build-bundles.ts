import { build } from "esbuild";
import { buildServer } from "../../../apps/server/scripts/build-server";
import { BUNDLE_SETTINGS } from "../../../apps/server/scripts/bundle-settings";
import { BUNDLE_DIR, BUNDLE_ENTRIES } from "./bundle-paths";

/**
 * Builds the server as `npm start` does, and the bench's child processes the same way, at every
 * run: no system pays for tsx's loader thread in its memory or its CPU, and no run uses a stale build.
 */
export async function buildBundles(): Promise<void> {
  await buildServer();
  await build({ ...BUNDLE_SETTINGS, entryPoints: BUNDLE_ENTRIES, outdir: BUNDLE_DIR });
}
