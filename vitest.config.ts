import { defineConfig } from "vitest/config";

/** Tests that use the database: they run once on SQLite and once on a real Postgres server. */
const DATABASE_TESTS = [
  "test/e2e/slack-*.test.ts",
  "test/e2e/security-*.test.ts",
  "test/e2e/bad-input*.test.ts",
  "test/e2e/fault-llm.test.ts",
  "test/e2e/fault-slack.test.ts",
  "test/e2e/quoted-text.test.ts",
  "test/e2e/insights-cli.test.ts",
  "test/e2e/backfill-cli.test.ts",
  "test/e2e/labels-import-cli.test.ts",
  "test/e2e/replicas.test.ts",
  "test/e2e/operations.test.ts",
  "test/e2e/shutdown.test.ts",
  "test/e2e/auto-route.test.ts",
  "test/e2e/first-labels.test.ts",
  "test/e2e/first-day.test.ts",
  "test/e2e/first-day-cli.test.ts",
  "test/unit/store*.test.ts",
  "test/unit/apply-label.test.ts",
  "test/unit/backfill-service.test.ts",
  "test/unit/labels-and-thresholds.test.ts",
  "test/unit/labels-by-person.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["test/**/*.test.ts"],
          globalSetup: ["test/support/global-tmp.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: DATABASE_TESTS,
          globalSetup: ["test/support/global-tmp.ts", "dev/postgres-server.ts"],
          env: { TRIAGE_TEST_DIALECT: "postgres" },
        },
      },
    ],
  },
});
