/**
 * `npm run charts:examples [-- --data DIR]`: renders the retune charts shown in docs/retune-method.md from real
 * scores in ../shared/data — Banking77 intents scored by BERT and by Dialogflow CX, calibration split —
 * exactly as `triage retune --from FILE --chart docs/charts/NAME.png` draws them.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chartPaths, retuneCharts } from "../src/charts/retune-charts.js";
import { tune } from "../src/decide/tune.js";
import { BANKING, loadBanking } from "./bench/load.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { data: { type: "string" } } });
const dataDir = resolve(root, values.data ?? "../shared/data");
if (!existsSync(join(dataDir, BANKING))) {
  console.error(`error: Banking77 scores not found at ${join(dataDir, BANKING)}; pass --data DIR`);
  process.exit(1);
}
const out = join(root, "docs/charts");
mkdirSync(out, { recursive: true });

const models = { bert: "BERT", dfcx: "Dialogflow CX" } as const;
for (const model of ["bert", "dfcx"] as const) {
  const rows = loadBanking(dataDir, model, "calibration");
  const categories = [...new Set(rows.flatMap((r) => Object.keys(r.probs)))].sort();
  const report = tune(rows, {
    target: 0.95,
    confidence: 0.9,
    categories,
    current: { default: 0.8, other: 0.3, categories: {} },
  });
  const charts = retuneCharts(rows, report, {
    titles: { riskCoverage: `Risk–coverage: Banking77 scored by ${models[model]}` },
  });
  const paths = chartPaths(join(out, `banking77-${model}.png`));
  writeFileSync(paths.riskCoverage, charts.riskCoverage);
  writeFileSync(paths.reliability, charts.reliability);
  console.log(
    `${models[model]}: ${rows.length} labelled rows; ${report.summary}\n  wrote ${relative(root, paths.riskCoverage)}, ${relative(root, paths.reliability)}`,
  );
}
