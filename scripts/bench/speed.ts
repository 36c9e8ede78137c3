/** Wall-clock time of retune and replay over a large predictions file, end to end (read, compute, write). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../src/cli/io.js";
import { runReplay } from "../../src/cli/replay.js";
import { runRetune } from "../../src/cli/retune.js";
import { formatPrediction } from "../../src/data/predictions.js";
import { residualOther } from "../../src/decide/decision.js";
import { tune } from "../../src/decide/tune.js";
import { intentNames, loadBanking } from "./load.js";

function quietIo(onOut: (text: string) => void = () => {}): CliIo {
  return { out: onOut, err: () => {}, progress: () => {}, isTTY: false, debug: false };
}

/** Keeps the 20 largest probabilities, as a top_logprobs=20 response would. */
function top20(probs: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(probs)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20),
  );
}

export async function benchSpeed(dataDir: string, n: number): Promise<void> {
  const base = loadBanking(dataDir, "bert", "test");
  const dir = mkdtempSync(join(tmpdir(), "bench-retune-"));
  try {
    const rows = Array.from({ length: n }, (_, i) => {
      const r = base[i % base.length] as (typeof base)[number];
      const probs = top20(r.probs);
      return { id: `m${i}`, label: r.label, probs, other: residualOther(probs) };
    });
    const file = join(dir, "predictions.jsonl");
    writeFileSync(file, `${rows.map((r) => formatPrediction(r)).join("\n")}\n`);
    const out = join(dir, "thresholds.json");
    const cfg = { target: 0.95, confidence: 0.9, categories: intentNames(dataDir) };

    let t = performance.now();
    tune(rows, { ...cfg, current: { default: 0.8, other: 0.3, categories: {} } });
    const tuneMs = performance.now() - t;

    t = performance.now();
    await runRetune(["--from", file, "--out", out, "--target", "0.95", "--confidence", "0.9"], quietIo());
    const retuneMs = performance.now() - t;

    let lines = 0;
    t = performance.now();
    await runReplay(
      [file, "--thresholds", out],
      quietIo((text) => (lines += text.split("\n").length)),
    );
    const replayMs = performance.now() - t;

    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const aim = (ms: number) => (ms < 2000 ? "met" : "MISSED");
    console.log(`Speed over ${n.toLocaleString("en-US")} rows (77 categories, top-20 probabilities per row)`);
    console.log(
      `  retune end to end (read JSONL, tune, write thresholds): ${s(retuneMs)} (aim < 2 s: ${aim(retuneMs)})`,
    );
    console.log(`    of which tune() in memory: ${s(tuneMs)}`);
    console.log(
      `  replay end to end (${lines.toLocaleString("en-US")} decision lines): ${s(replayMs)} (aim < 2 s: ${aim(replayMs)})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
