/** `triage insights` as a new user runs it: a child process reading the bot's database (SQLite or Postgres). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../../src/config.js";
import { openStore } from "../../src/store/store.js";
import { runTriage } from "../support/run-cli.js";
import { seedMessage } from "../support/seed.js";
import { targetEnv, testDialect, testTarget } from "../support/test-db.js";

let cwd: string;
let target: DatabaseTarget;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), "triage-insights-cli-"));
  target = await testTarget(cwd);
  const db = await openStore(target);
  const now = Date.now();
  const other = (ts: string, text: string, strays: [string, number][], labels: [string, string][] = []) =>
    seedMessage(db, {
      ts,
      text,
      probs: { billing: 0.1, api: 0.05 },
      other: 0.85,
      strayTokens: strays.map(([token, p]) => ({ token, p })),
      reason: "other",
      labels,
      at: now - 3_600_000,
    });
  await other("1.1", "Where is my parcel? It has been two weeks", [
    ["0", 0.5],
    ["Shipping", 0.2],
  ]);
  await other(
    "1.2",
    "Delivery address change for order 1182",
    [
      ["shipping", 0.3],
      ["0", 0.2],
    ],
    [["U1", "other"]],
  );
  await other("1.3", "Do you sponsor meetups?", [
    ["0", 0.7],
    ["", 0.1],
  ]);
  await seedMessage(db, {
    ts: "1.4",
    text: "We were charged twice",
    probs: { billing: 0.93 },
    other: 0.07,
    strayTokens: [{ token: "0", p: 0.05 }],
    decision: "route",
    at: now - 3_600_000,
  });
  // History read by a backfill, classified today: not live traffic, so not in the catalog.
  await seedMessage(db, {
    ts: "1.6",
    text: "Backfilled: where is my parcel?",
    probs: { billing: 0.1 },
    other: 0.9,
    strayTokens: [{ token: "Shipping", p: 0.6 }],
    reason: "other",
    labels: [["U1", "other"]],
    origin: "backfill",
    at: now - 3_600_000,
  });
  await seedMessage(db, {
    ts: "1.5",
    text: "long ago",
    probs: { api: 0.2 },
    other: 0.8,
    reason: "other",
    at: now - 40 * 86_400_000,
  });
  await db.close();
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe("triage insights", () => {
  it("lists the stray tokens and the 'other' messages grouped by the word the model leaned to", async () => {
    const r = await runTriage(["insights"], targetEnv(target), cwd);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the last 30 days: 4 classified messages, 3 ended up as "other".');
    expect(r.stdout).toMatch(/“shipping”\s+2\s+2\s+0\.50\s+25%/);
    expect(r.stdout).toContain(
      'Besides: "none of these" took 1.45 in 4 messages; blanks, punctuation and special tokens 0.10 in 1 message.',
    );
    expect(r.stdout).toContain("“shipping” — 2 messages");
    expect(r.stdout).toContain('- "Delivery address change for order 1182" (labelled other) https://');
    expect(r.stdout).toContain('- "Where is my parcel? It has been two weeks" (other 85%)');
    expect(r.stdout).toContain("(no word of its own) — 1 message");
    expect(r.stdout).not.toContain("long ago");
    expect(r.stdout).not.toContain("Backfilled");
  });

  it("prints the same catalog as JSON and honours --days", async () => {
    const r = await runTriage(["insights", "--json", "--days", "60"], targetEnv(target), cwd);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ days: 60, classifications: 5, otherMessages: 4 });
    expect(json.groups.map((g: { token: string | null; count: number }) => [g.token, g.count])).toEqual([
      ["shipping", 2],
      [null, 2],
    ]);
    expect(json.tokens).toEqual([{ token: "shipping", messages: 2, inOther: 2, mass: 0.5, meanP: 0.25 }]);
    expect(json.none).toEqual({ messages: 4, mass: expect.closeTo(1.45, 12) });
  });

  // A missing SQLite file; on Postgres the database is a server's (next test).
  it.skipIf(testDialect() === "postgres")(
    "says in one line where the database should be when there is none",
    async () => {
      const r = await runTriage(["insights"], { TRIAGE_DB_PATH: join(cwd, "nope.db") }, cwd);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: no database at .*nope\.db: the bot creates it when it runs/);
    },
  );

  it.runIf(testDialect() === "postgres")(
    "says in one line that the Postgres database does not exist",
    async () => {
      const url = new URL(target.url ?? "");
      url.pathname = "/nope";
      const r = await runTriage(["insights"], { DATABASE_URL: url.toString() }, cwd);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: .*has no database 'nope'/);
    },
  );
});
