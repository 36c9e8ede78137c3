/**
 * `npm run bench:loop [-- --data DIR --seeds N]`: twelve simulated weeks of the whole loop on the shared
 * score sets — each message decided by the real decide() under the thresholds in force, routed ones
 * audited at random, people labelling as a team does, a retune over all records applied every week.
 * Prints per week the precision of what was auto-routed, the coverage and the labels so far, then what
 * each labelling behaviour reached against the aims. Prints the truth whether or not aims are met.
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import type { Thresholds } from "../src/config.js";
import { certifyRecords } from "../src/decide/certify-layouts.js";
import { operatingPoint } from "../src/decide/metrics.js";
import { sampleRecord } from "../src/decide/record-use.js";
import { percent } from "../src/decide/tune-summary.js";
import { findDataDir } from "./bench/data-dir.js";
import { cleanFirstCertificate, summarize, summaryLines, weekTable } from "./bench/loop-report.js";
import { BEHAVIOURS, type LoopRun, type StartMode, simulateLoop } from "./bench/loop-sim.js";
import { scoreSets } from "./bench/score-sets.js";

const { values } = parseArgs({ options: { data: { type: "string" }, seeds: { type: "string" } } });
const dataDir = findDataDir(values.data, ["cicc-intent-scores"]);
if (!dataDir) {
  console.error(
    `error: the score sets are not at ${values.data ?? "../shared/data"} (expected cicc-intent-scores/). Pass --data DIR.`,
  );
  process.exit(1);
}
const seeds = Number(values.seeds ?? 3);
const target = 0.95;
const confidence = 0.9;
const defaults: Thresholds = { default: 0.8, other: 0.3, categories: {} };
const base = { confidence, auditRate: 0.05, defaults, weeks: 12, perWeek: 400 };
const modes: StartMode[] = ["default thresholds", "certified only"];

console.log(
  `bench:loop — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}`,
);
console.log(
  `${base.weeks} weeks × ${base.perWeek} messages drawn from each score set's test split; target ${percent(target)}, ` +
    `confidence ${percent(confidence)}, audit rate ${percent(base.auditRate)}, weekly retune applied when it certifies anything; ${seeds} seeds.`,
);
console.log(
  `Behaviours (chance a review card / audit card is labelled, a wrong route corrected, a right one ✅-confirmed): ${BEHAVIOURS.map((b) => `${b.name} (${b.review}, ${b.audit}, ${b.fix}, ${b.confirm})`).join("; ")}.`,
);
console.log(
  "Each cell: precision of what was auto-routed that week, coverage (* = a certified set in force), labels so far.\n",
);

for (const set of scoreSets(dataDir)) {
  const uniform = certifyRecords(
    set.calibration.map((r, i) => sampleRecord(r, String(i))),
    { target, confidence, categories: set.categories, current: defaults },
  ).thresholds;
  const reference = operatingPoint(set.test, uniform).coverage;
  const cfg = { ...base, population: set.test, categories: set.categories, target };
  for (const mode of modes) {
    console.log(
      `${set.name} — ${mode === "default thresholds" ? "starting with the config's thresholds (0.8 / other 0.3) in force" : "nothing routed until the first certificate"}`,
    );
    const bySeed: { behaviour: (typeof BEHAVIOURS)[number]; runs: LoopRun[] }[] = BEHAVIOURS.map(
      (behaviour) => ({
        behaviour,
        runs: Array.from({ length: seeds }, (_, s) => simulateLoop({ ...cfg, behaviour, mode, seed: s + 1 })),
      }),
    );
    const firstSeed = bySeed.map(({ behaviour, runs }) => ({ behaviour, run: runs[0] as LoopRun }));
    for (const line of weekTable(firstSeed)) console.log(`  ${line}`);
    console.log(
      `  (table: seed 1) — the same scores labelled uniformly (the calibration split) certify ${percent(reference)} coverage`,
    );
    for (const { behaviour, runs } of bySeed) {
      const summary = summarize(behaviour, runs, target);
      const lines = summaryLines(summary, target, 1 - confidence, reference, behaviour.name === "diligent");
      for (const line of lines) console.log(line);
    }
    console.log("");
  }
  console.log(`${set.name} — on clean labels (every message's top area right), retuning every 5 messages:`);
  for (const mode of modes) {
    for (const t of [0.9, 0.95]) {
      console.log(
        cleanFirstCertificate(
          {
            ...base,
            categories: set.categories,
            behaviour: BEHAVIOURS[1] as (typeof BEHAVIOURS)[number],
            seed: 1,
          },
          set.test,
          t,
          mode,
        ),
      );
    }
  }
  console.log("");
}
