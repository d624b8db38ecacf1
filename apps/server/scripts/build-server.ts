import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { build } from "esbuild";
import { BUNDLE_SETTINGS } from "./bundle-settings";
import { SERVER_BUNDLE, SERVER_ENTRY } from "./server-bundle";

/**
 * Bundles the server into dist/main.js for `npm start`: plain node runs it, without tsx's loader (a
 * second thread with its own heap) and without compiling at each start. Each file is written aside
 * and renamed into place, so a process starting the bundle meanwhile reads the old one or the new
 * one, never half of one (the test suite and the bench build it while servers start).
 */
export async function buildServer(): Promise<void> {
  const result = await build({
    ...BUNDLE_SETTINGS,
    entryPoints: [SERVER_ENTRY],
    outfile: SERVER_BUNDLE,
    write: false,
  });
  await mkdir(dirname(SERVER_BUNDLE), { recursive: true });
  await Promise.all(
    result.outputFiles.map(async (file) => {
      const aside = `${file.path}.${process.pid}.tmp`;
      await writeFile(aside, file.contents);
      await rename(aside, file.path);
    }),
  );
}
