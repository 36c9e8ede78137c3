import { defineConfig } from "drizzle-kit";

/** SQLite migrations; drizzle.postgres.config.ts writes the Postgres ones. `npm run db:generate` runs both. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/store/schema.ts",
  out: "./migrations/sqlite",
});
