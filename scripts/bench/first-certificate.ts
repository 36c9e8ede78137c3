/**
 * Labels to the first certificate with a labelled backfill: the messages of a score set taken as last
 * month's history (no decision: a backfill), hand labels imported in the fixed shuffled order App Home
 * shows them, a retune after every 5 — how many labels until it certifies anything, and what it routes
 * then. Over 10 shuffles per set, at 95% / 90% and at 90% / 90%.
 */

import { seededRandom } from "../../src/decide/seeded-random.js";
import { tuneRecords } from "../../src/decide/tune.js";
import type { LabelledScore, TuneRecord } from "../../src/decide/tune-types.js";
import { loadBanking } from "./load.js";
import { percentile } from "./percentiles.js";
import { supportCut } from "./support-cut.js";

const STEP = 5;
const MONTH = 2_000;

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function firstCertificate(rows: readonly LabelledScore[], target: number, seed: number) {
  const month = shuffled(rows, seed).slice(0, MONTH);
  const categories = [...new Set(month.flatMap((r) => Object.keys(r.probs)))];
  const opts = { target, confidence: 0.9, categories, current: { default: 0.8, other: 0.3, categories: {} } };
  for (let labelled = STEP; labelled <= month.length; labelled += STEP) {
    const records: TuneRecord[] = month.map((r, i) => ({
      id: String(i),
      probs: r.probs,
      other: r.other,
      decision: null,
      audit: false,
      auditRate: 0.05,
      label: i < labelled ? r.label : null,
      labelSource: i < labelled ? "import" : null,
    }));
    const report = tuneRecords(records, opts);
    const certified = Object.values(report.thresholds.categories).some((t) => t !== null);
    if (certified) return { labels: labelled, coverage: report.after.coverage };
  }
  return null;
}

export function benchFirstCertificate(dataDir: string): void {
  console.log(
    `Labels to the first certificate from a labelled backfill (${MONTH} messages of history, labels imported ${STEP} at a time in a shuffled order, 10 shuffles):`,
  );
  const bert = loadBanking(dataDir, "bert", "test");
  const sets: [string, LabelledScore[]][] = [
    ["Banking77 BERT", bert],
    ["Banking77 Dialogflow CX", loadBanking(dataDir, "dfcx", "test")],
    ["support-like cut (8 areas + other)", supportCut(bert)],
  ];
  for (const target of [0.95, 0.9]) {
    for (const [name, rows] of sets) {
      const runs = Array.from({ length: 10 }, (_, seed) => firstCertificate(rows, target, seed + 1));
      const done = runs.filter((r) => r !== null);
      const labels = done.map((r) => r.labels);
      const coverage = done.map((r) => r.coverage);
      console.log(
        `  ${`${(target * 100).toFixed(0)}% / 90%`.padEnd(9)} ${name.padEnd(36)} ${done.length}/10 certified; labels median ${percentile(labels, 0.5)} (min ${Math.min(...labels)}, max ${Math.max(...labels)}); routing then ${(100 * percentile(coverage, 0.5)).toFixed(0)}% of the history`,
      );
    }
  }
}
