import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { precompress } from "./vite-precompress";

// `npm run dev -w apps/web` proxies the API to a server started with `npm start` on port 3000.
export default defineConfig({
  plugins: [react(), precompress()],
  build: { outDir: "dist", emptyOutDir: true },
  server: { proxy: { "/v1": "http://127.0.0.1:3000", "/healthz": "http://127.0.0.1:3000" } },
});
