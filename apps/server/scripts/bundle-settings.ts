import type { BuildOptions } from "esbuild";
import { simulatorEntry } from "./server-bundle";

/**
 * What every bundle of this repository shares (the server's, and the bench's child processes):
 * Node 20 ESM with installed packages left external, and the workspace's simulators bundled in.
 */
export const BUNDLE_SETTINGS: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  plugins: [
    {
      name: "workspace-sources",
      setup(builder) {
        builder.onResolve(
          { filter: /^@whatlead\/(sim-kit|turbozap-sim|evolution-sim|wuzapi-sim)$/ },
          (args) => ({
            path: simulatorEntry(args.path.slice("@whatlead/".length)),
          }),
        );
      },
    },
  ],
};
