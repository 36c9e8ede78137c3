/**
 * `npx tsx scripts/make-fixtures.ts [--data DIR]`: writes the small test fixtures under test/fixtures/
 * from the real data in ../shared/data, so no figure in them is typed by hand.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseCsv } from "../src/data/csv.js";
import { formatPrediction } from "../src/data/predictions.js";
import { BANKING, intentNames } from "./bench/load.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { data: { type: "string" } } });
const dataDir = resolve(root, values.data ?? "../shared/data");
if (!existsSync(join(dataDir, "banking77")) || !existsSync(join(dataDir, "cicc-intent-scores"))) {
  console.error(
    `error: the data sets are not at ${dataDir} (expected banking77/ and cicc-intent-scores/). Pass --data DIR.`,
  );
  process.exit(1);
}
const out = join(root, "test/fixtures");
mkdirSync(out, { recursive: true });

/** Banking77 BERT rows with text, label and the five largest probabilities (6 decimals), as eval writes them. */
function bertPredictions(split: "calibration" | "test", count: number): string[] {
  const names = intentNames(dataDir);
  const records = parseCsv(readFileSync(join(dataDir, BANKING, `bert/${split}_predictions.csv`), "utf8"));
  const header = records[0]?.fields ?? [];
  const at = (name: string) => header.indexOf(name);
  return records.slice(1, count + 1).map(({ fields }, i) => {
    const probs = Object.fromEntries(
      names
        .map((name, k) => [name, Number(fields[at(`label_${k}`)])] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([name, p]) => [name, Math.round(p * 1e6) / 1e6]),
    );
    const sum = Object.values(probs).reduce((a, b) => a + b, 0);
    return formatPrediction({
      id: `${split}-${i + 1}`,
      text: fields[at("text")] as string,
      label: names[Number(fields[at("label")])] as string,
      probs,
      other: Math.max(0, Math.round((1 - sum) * 1e6) / 1e6),
    });
  });
}

writeFileSync(join(out, "banking77-bert-800.jsonl"), `${bertPredictions("calibration", 800).join("\n")}\n`);
writeFileSync(join(out, "banking77-bert-test-200.jsonl"), `${bertPredictions("test", 200).join("\n")}\n`);
writeFileSync(join(out, "banking77-bert-30.jsonl"), `${bertPredictions("calibration", 30).join("\n")}\n`);

/** A labelled CSV for eval: three Banking77 intents, four messages each, quoted as RFC 4180 requires. */
const sample = ["card_arrival", "exchange_rate", "lost_or_stolen_card"];
const rows = parseCsv(readFileSync(join(dataDir, "banking77/test.csv"), "utf8")).slice(1);
const picked = sample.flatMap((label) => rows.filter((r) => r.fields[1] === label).slice(0, 4));
const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
writeFileSync(
  join(out, "support-sample.csv"),
  `text,label\r\n${picked.map((r) => `${quote(r.fields[0] as string)},${r.fields[1]}`).join("\r\n")}\r\n`,
);
console.log(`wrote fixtures to ${out}`);
