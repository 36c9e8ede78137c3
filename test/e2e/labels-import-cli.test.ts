/**
 * `triage labels import` as a person runs it after labelling the backfill CSV in a spreadsheet: the real CLI
 * in a child process and the real database (SQLite, or Postgres in that project). All or nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../../src/config.js";
import { csvRecord, parseCsv } from "../../src/data/csv.js";
import { historyCsv } from "../../src/services/backfill/history-csv.js";
import { backfilledRows, storeBackfilled } from "../../src/store/queries/backfill.js";
import { openStore, type Store } from "../../src/store/store.js";
import { EXAMPLE_CONFIG_PATH } from "../support/config-fixture.js";
import { runTriage } from "../support/run-cli.js";
import { seedMessage } from "../support/seed.js";
import { tableRows, targetEnv, testTarget } from "../support/test-db.js";

const CHANNEL = "C0SUPPORT1";
let cwd: string;
let target: DatabaseTarget;
let store: Store;
/** The CSV as backfill wrote it: a header and ten rows. */
let written: string[][];
let liveId: number;

const env = () => ({ TRIAGE_CONFIG: EXAMPLE_CONFIG_PATH, ...targetEnv(target) });
const labelsImport = (...args: string[]) => runTriage(["labels", "import", ...args], env(), cwd);
/** The written CSV with these labels filled in (by row index; the rest left empty). */
function filled(name: string, labels: Record<number, string>, extra?: { column: string; values: string[] }) {
  const rows = written.map((fields, i) =>
    i === 0
      ? [...fields, ...(extra ? [extra.column] : [])]
      : [...fields.slice(0, 6), labels[i - 1] ?? "", ...(extra ? [extra.values[i - 1] ?? ""] : [])],
  );
  writeFileSync(join(cwd, name), rows.map((r) => csvRecord(r)).join(""));
  return name;
}
const feedback = () => tableRows(store, "feedback");

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), "triage-labels-"));
  target = await testTarget(cwd);
  store = await openStore(target);
  const at = Math.floor(Date.now() / 1000) - 86_400;
  for (let i = 0; i < 10; i++) {
    const ts = `${at + i * 60}.000100`;
    await storeBackfilled(
      store,
      {
        teamId: "T1",
        channelId: CHANNEL,
        ts,
        userId: "U0CUSTOMER",
        text: `question ${i}, "quoted"`,
        permalink: null,
      },
      {
        model: "m",
        promptFingerprint: "fp1",
        probs: { billing: 0.7, api: 0.2 },
        other: 0.1,
        topCategory: "billing",
        topProb: 0.7,
        decision: "review",
        reason: "low_confidence",
        audit: false,
      },
    );
  }
  liveId = (await seedMessage(store, { ts: "1.1", text: "live", probs: { billing: 0.9 }, other: 0.1 }))
    .messageId;
  writeFileSync(join(cwd, "history.csv"), historyCsv(await backfilledRows(store, CHANNEL, "0")));
  written = parseCsv(readFileSync(join(cwd, "history.csv"), "utf8")).map((r) => r.fields);
});
afterAll(async () => {
  await store.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe("triage labels import", () => {
  it("stores the filled-in labels (source import, by the person), skips empty rows, and says a partial subset must be random", async () => {
    const file = filled("some.csv", { 0: "billing", 1: "api", 2: "Other", 3: "account access", 5: "API" });
    const r = await labelsImport(file, "--by", "U0AGENT001");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("some.csv: 5 labels stored (source import); 5 rows left empty, skipped");
    expect(r.stdout).toContain("note: only 5 of 10 rows are labelled.");
    expect(r.stdout).toContain("label every row, or every 3rd");
    const rows = await feedback();
    expect(rows.map((f) => [f.messageId, f.label, f.userId, f.source])).toEqual([
      [Number(written[1]?.[0]), "billing", "U0AGENT001", "import"],
      [Number(written[2]?.[0]), "api", "U0AGENT001", "import"],
      [Number(written[3]?.[0]), "other", "U0AGENT001", "import"],
      [Number(written[4]?.[0]), "account_access", "U0AGENT001", "import"],
      [Number(written[6]?.[0]), "api", "U0AGENT001", "import"],
    ]);
    const classifications = new Map(
      (await tableRows(store, "classifications")).map((c) => [c.messageId, c.id]),
    );
    for (const f of rows) expect(f.classificationId).toBe(classifications.get(f.messageId));
  });

  it("importing the file again stores nothing new; a changed label is stored as that person's latest", async () => {
    const again = await labelsImport("some.csv", "--by", "U0AGENT001");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("some.csv: 0 labels stored (source import), 5 already stored before");
    expect(await feedback()).toHaveLength(5);
    const all = filled(
      "all.csv",
      Object.fromEntries(written.slice(1).map((_, i) => [i, i === 1 ? "bug" : "billing"])),
    );
    const r = await labelsImport(all, "--by", "U0AGENT001");
    expect(r.stdout).toContain(
      "all.csv: 9 labels stored (source import), 1 already stored before; 0 rows left empty",
    );
    expect(r.stdout).not.toContain("note:");
    expect((await feedback()).at(-9)).toMatchObject({ messageId: Number(written[2]?.[0]), label: "bug" });
  });

  it("takes JSONL with a labeller per row", async () => {
    const id = Number(written[10]?.[0]);
    writeFileSync(
      join(cwd, "labels.jsonl"),
      `${JSON.stringify({ id, label: "performance", by: "U0AGENT002" })}\n\n${JSON.stringify({ id: String(id), label: "" })}\n`,
    );
    const r = await labelsImport("labels.jsonl");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("labels.jsonl: 1 label stored (source import); 1 row left empty, skipped");
    expect((await feedback()).at(-1)).toMatchObject({
      messageId: id,
      label: "performance",
      userId: "U0AGENT002",
    });
  });

  it("refuses a file with unknown ids, unknown labels or bad lines — every one by line — and imports nothing", async () => {
    const before = (await feedback()).length;
    const csv = filled(
      "bad.csv",
      { 0: "billing", 1: "shipping", 3: "api" },
      { column: "by", values: ["", "", "", "nobody"] },
    );
    writeFileSync(
      join(cwd, csv),
      readFileSync(join(cwd, csv), "utf8") +
        csvRecord(["99999", "", "", "", "", "", "api", ""]) +
        csvRecord([String(liveId), "", "", "", "", "", "api", ""]),
    );
    const r = await labelsImport(csv, "--by", "U0AGENT003");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      "error: bad.csv: nothing imported, 4 problems:",
      "  bad.csv: line 3: label 'shipping' is not a category (billing, account_access, api, bug, performance, data_privacy, feature_request or other)",
      "  bad.csv: line 5: by 'nobody' is not a Slack member ID such as U0123ABCD",
      "  bad.csv: line 12: id 99999 is not a backfilled message",
      `  bad.csv: line 13: id ${liveId} is not a backfilled message`,
    ]);
    writeFileSync(
      join(cwd, "bad.jsonl"),
      `{"id": ${written[1]?.[0]}, "label": "api"}\n{"id": 3, "label": "api"\n[1, 2]\n`,
    );
    const jsonl = await labelsImport("bad.jsonl", "--by", "U0AGENT003");
    expect(jsonl.code).toBe(1);
    expect(jsonl.stderr).toContain("error: bad.jsonl: nothing imported, 2 problems:");
    expect(jsonl.stderr).toMatch(/bad\.jsonl: line 2: not valid JSON/);
    expect(jsonl.stderr).toContain("bad.jsonl: line 3: expected a JSON object with id and label");
    expect(await feedback()).toHaveLength(before);
  });

  it("needs to know who labelled: --by or a by column", async () => {
    const file = filled("nobody.csv", { 0: "billing" });
    const r = await labelsImport(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "nobody.csv: line 2: no labeller: give --by U123 (a Slack member ID) or fill the by column",
    );
  });
});
