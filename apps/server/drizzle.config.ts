import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/infra/database/schema/index.ts",
  out: "./src/infra/database/migrations",
});
