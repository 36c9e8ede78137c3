/** `triage retune --from FILE --chart out.png` as a new user runs it: two real PNG files next to each other. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countInk, decodePng } from "../../dev/png.js";
import { ROOT, runTriage } from "../support/run-cli.js";

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), "triage-chart-cli-"));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe("triage retune --chart", () => {
  it("writes the risk–coverage chart and the reliability diagram and says where", async () => {
    const from = join(ROOT, "test/fixtures/banking77-bert-800.jsonl");
    const result = await runTriage(["retune", "--from", from, "--chart", "out.png", "--json"], {}, cwd);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).labelCount).toBe(800);
    expect(result.stderr).toContain(
      "Wrote out.png (risk–coverage) and out.reliability.png (reliability diagram).",
    );
    const rc = decodePng(readFileSync(join(cwd, "out.png")));
    const rel = decodePng(readFileSync(join(cwd, "out.reliability.png")));
    expect([rc.width, rc.height, rel.width, rel.height]).toEqual([1600, 1000, 1600, 1120]);
    expect(countInk(rc)).toBeGreaterThan(50_000);
    expect(countInk(rel)).toBeGreaterThan(50_000);
  });

  it("fails in one line when the chart cannot be written", async () => {
    const from = join(ROOT, "test/fixtures/banking77-bert-30.jsonl");
    const result = await runTriage(["retune", "--from", from, "--chart", "missing/dir/out.png"], {}, cwd);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: cannot write the chart: ENOENT/);
  });
});
