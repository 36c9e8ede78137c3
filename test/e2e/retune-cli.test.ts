/**
 * retune and replay as a new user runs them: the real CLI in a child process, in an empty directory
 * with no config file, on fixture files built from ../shared/data (scripts/make-fixtures.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPredictions } from "../../src/data/predictions.js";
import { readThresholds } from "../../src/data/thresholds-file.js";
import { decide } from "../../src/decide/decision.js";
import { ROOT, runTriage, spawnTriage } from "../support/run-cli.js";

const fixtures = join(ROOT, "test/fixtures");
let cwd: string;

const triage = (args: string[], env: Record<string, string> = {}) => runTriage(args, env, cwd);

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), "triage-retune-cli-"));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe("triage retune + replay with no config file", () => {
  it("certifies thresholds on real Banking77 scores, writes them, and replay applies them like the bot", async () => {
    const from = join(fixtures, "banking77-bert-800.jsonl");
    const retune = await triage(["retune", "--from", from, "--out", "thresholds.json"]);
    expect(retune.stderr).toBe("");
    expect(retune.code).toBe(0);
    expect(retune.stdout).toMatch(
      /^Retune from 800 labelled messages \(800 from the file\): target 95% precision, confidence 90%\./,
    );
    expect(retune.stdout).toMatch(
      /pooled \(\d+ areas share one threshold\): threshold 0\.\d{4}: \d+ labels at or above it, \d+ wrong/,
    );
    expect(retune.stdout).toMatch(/^ {2}the file: 800 labels — \d+ as a random sample of their messages/m);
    expect(retune.stdout).toMatch(/Auto-route \d+ of \d+ areas: with 90% confidence at least 95%/);
    expect(retune.stdout).toContain("No config file found: using the default thresholds as 'before'.");
    expect(retune.stdout).toContain("Wrote thresholds.json.");

    const thresholds = await readThresholds(join(cwd, "thresholds.json"));
    const written = JSON.parse(readFileSync(join(cwd, "thresholds.json"), "utf8"));
    expect(written.retune).toMatchObject({ target: 0.95, confidence: 0.9, labelCount: 800 });
    expect(thresholds.default).toBeNull();
    expect(Object.values(thresholds.categories).some((t) => t !== null)).toBe(true);

    const test = join(fixtures, "banking77-bert-test-200.jsonl");
    const replay = await triage(["replay", test, "--thresholds", "thresholds.json"]);
    expect(replay.code).toBe(0);
    const lines = replay.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    const rows = await readPredictions(test);
    expect(lines).toHaveLength(rows.length);
    lines.forEach((line, i) => {
      const row = rows[i];
      if (!row) throw new Error("row missing");
      const d = decide(row, thresholds);
      expect(line).toEqual({
        id: row.id,
        decision: d.decision,
        category: d.decision === "route" ? d.top : null,
      });
    });
    expect(lines.some((l) => l.decision === "route") && lines.some((l) => l.decision === "review")).toBe(
      true,
    );
  });

  it("certifies issue 10's hundred labels at or below 0.70, the same thresholds with --seed 1 and --seed 7, and replay then routes a 0.72", async () => {
    const row = (i: number, label: string, probs: Record<string, number>) =>
      JSON.stringify({ id: `m${i}`, label, probs });
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => row(i, "billing", { billing: 0.7, login: 0.2 })),
      ...Array.from({ length: 40 }, (_, i) => row(40 + i, "login", { login: 0.7, billing: 0.2 })),
      ...Array.from({ length: 20 }, (_, i) => row(80 + i, "billing", { api: 0.45, billing: 0.4 })),
    ];
    const from = join(cwd, "issue-10.jsonl");
    writeFileSync(from, `${rows.join("\n")}\n`);
    const retune = await triage([
      "retune",
      "--from",
      from,
      "--target",
      "0.9",
      "--seed",
      "1",
      "--out",
      "t10.json",
    ]);
    expect(retune.code).toBe(0);
    expect(retune.stdout).toMatch(/Auto-route 3 of 3 areas: with 90% confidence at least 90%/);
    const thresholds = await readThresholds(join(cwd, "t10.json"));
    expect(thresholds.categories.billing).not.toBeNull();
    expect(thresholds.categories.billing).toBeLessThanOrEqual(0.7);
    const other = await triage(["retune", "--from", from, "--target", "0.9", "--seed", "7", "--json"]);
    expect(JSON.parse(other.stdout).thresholds).toEqual(thresholds);

    const next = join(cwd, "next.jsonl");
    writeFileSync(
      next,
      `${JSON.stringify({ id: "n1", probs: { billing: 0.72, login: 0.2 }, other: 0.08 })}\n`,
    );
    const replay = await triage(["replay", next, "--thresholds", "t10.json"]);
    expect(JSON.parse(replay.stdout)).toEqual({ id: "n1", decision: "route", category: "billing" });
  });

  it("prints the full report as JSON and says plainly when labels are too few", async () => {
    const { code, stdout, stderr } = await triage([
      "retune",
      "--from",
      join(fixtures, "banking77-bert-30.jsonl"),
      "--json",
      "--target",
      "0.9",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.target).toBe(0.9);
    expect(report.labelCount).toBe(30);
    expect(report.summary).toMatch(
      /^Keep reviewing everything: 30 labels are too few to certify 90% precision/,
    );
    expect(Object.values(report.thresholds.categories).every((t) => t === null)).toBe(true);
    expect(report.categories.length).toBeGreaterThan(10);
    expect(stderr).toContain("No config file found");
  });

  it("takes target and confidence from the config file when there is one", async () => {
    const config = join(cwd, "triage.yml");
    writeFileSync(
      config,
      [
        "review_channel: C0REVIEW",
        "model: gpt-4.1-mini",
        "target_precision: 0.9",
        "confidence: 0.8",
        "thresholds: { default: 0.5, other: 0.2 }",
        "categories:",
        "  - { id: billing, name: Billing, description: Money., route_channel: C0BILL }",
        "  - { id: api, name: API, description: Keys., route_channel: C0API }",
      ].join("\n"),
    );
    const { code, stdout } = await triage(["retune", "--from", join(fixtures, "banking77-bert-800.jsonl")], {
      TRIAGE_CONFIG: config,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/target 90% precision, confidence 80%/);
    expect(stdout).not.toContain("No config file found");
  });

  it("fails with one line naming the problem", async () => {
    const bad = join(cwd, "bad.jsonl");
    writeFileSync(bad, '{"probs":{"a":0.9},"label":"a"}\n{"probs":{"a":"high"},"label":"a"}\n');
    const broken = await triage(["retune", "--from", bad]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(
      `error: ${bad}:2: field 'probs.a' must be a number from 0 to 1 (got "high")\n`,
    );

    const usage = await triage(["replay", join(fixtures, "banking77-bert-30.jsonl")]);
    expect(usage.code).toBe(1);
    expect(usage.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(usage.stderr).toMatch(/^error: replay needs --thresholds FILE/);

    const unlabelled = join(cwd, "unlabelled.jsonl");
    writeFileSync(unlabelled, '{"probs":{"a":0.9}}\n');
    const none = await triage(["retune", "--from", unlabelled, "--target", "1.5"]);
    expect(none.stderr).toMatch(/^error: --target must be a number between 0 and 1 \(got 1\.5\)\n$/);
  });

  it("stops quietly with exit 0 when the reader of its output goes away (| head)", async () => {
    const many = join(cwd, "many.jsonl");
    const row = (i: number) => JSON.stringify({ id: `m${i}`, probs: { a: 0.95 }, other: 0.01 });
    writeFileSync(many, `${Array.from({ length: 20_000 }, (_, i) => row(i)).join("\n")}\n`);
    writeFileSync(join(cwd, "t.json"), '{"default":0.8,"other":0.3}');
    const child = spawnTriage(["replay", many, "--thresholds", "t.json"], {}, cwd);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Like `head -1`: read the first chunk, then close the pipe while replay is still writing.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  });
});
