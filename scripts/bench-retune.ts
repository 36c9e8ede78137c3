/**
 * `npm run bench:retune [-- --data DIR --splits N --draws N]`: how retune does on real score sets.
 * Banking77 (BERT, Dialogflow CX): tune on the calibration split, score on the test split, target 95%.
 * The label-budget curve: 50 to 1,600 labels drawn at random, uniformly and review-heavy, against the
 * plain baseline and the oracle. MMLU (LLaMA-13B option probabilities): many random question-level
 * splits, target 70%. Then the time retune and replay take over 100,000 rows. Prints the truth whether or
 * not aims are met.
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { benchBanking, benchMmlu } from "./bench/accuracy.js";
import { benchBaseline, benchSynthetic } from "./bench/alternatives.js";
import { benchCalibration } from "./bench/calibration.js";
import { findDataDir } from "./bench/data-dir.js";
import { benchFirstCertificate } from "./bench/first-certificate.js";
import { benchLabelBudget } from "./bench/label-budget.js";
import { scoreSets } from "./bench/score-sets.js";
import { benchSpeed } from "./bench/speed.js";

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    splits: { type: "string" },
    rows: { type: "string" },
    draws: { type: "string" },
  },
});
const dataDir = findDataDir(values.data, ["cicc-intent-scores", "conformalllm-llama13b-mmlu"]);
if (!dataDir) {
  console.error(
    `error: the score sets are not at ${values.data ?? "../shared/data"} (expected cicc-intent-scores/ and conformalllm-llama13b-mmlu/).\n` +
      "Pass --data DIR pointing at the shared data folder.",
  );
  process.exit(1);
}
const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
console.log(`bench:retune — node ${process.version}, ${cpus().length} × ${cpu}\n`);
benchBanking(dataDir);
benchBaseline(dataDir);
benchLabelBudget(scoreSets(dataDir), Number(values.draws ?? 20));
const splits = Number(values.splits ?? 200);
benchMmlu(dataDir, splits);
// The same at 95% confidence: what it takes for the test split's own precision to clear the target more often.
benchMmlu(dataDir, splits, 0.95);
benchCalibration(dataDir, splits);
benchSynthetic(1000, 1500);
benchFirstCertificate(dataDir);
console.log();
await benchSpeed(dataDir, Number(values.rows ?? 100_000));
