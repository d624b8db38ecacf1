// `npm run build -w apps/server`: bundles the server into dist/main.js for `npm start`. Plain node
// runs it, without tsx's loader (a second thread with its own heap) and without compiling at each start.
import { build } from "esbuild";
import { BUNDLE_SETTINGS } from "./bundle-settings";
import { SERVER_BUNDLE, SERVER_ENTRY } from "./server-bundle";

export async function buildServer(): Promise<void> {
  await build({ ...BUNDLE_SETTINGS, entryPoints: [SERVER_ENTRY], outfile: SERVER_BUNDLE });
}
