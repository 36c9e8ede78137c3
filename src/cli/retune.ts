/** `triage retune --from FILE …` (flags in USAGE): certify thresholds from a predictions file, report, write. */
import { writeFile } from "node:fs/promises";
import { chartPaths, retuneCharts } from "../charts/retune-charts.js";
import { categoriesOf, readPredictions } from "../data/predictions.js";
import { writeThresholds } from "../data/thresholds-file.js";
import { sampleRecord } from "../decide/record-use.js";
import { tuneRecords } from "../decide/tune.js";
import type { LabelledScore, TuneRecord, TuneReport } from "../decide/tune-types.js";
import { DataFileError, UsageError } from "../errors.js";
import { integerFlag, numberFlag, parseCommandArgs } from "./args.js";
import { dataSettings } from "./data-settings.js";
import type { CliIo } from "./io.js";
import { formatRetuneReport } from "./retune-report.js";

const USAGE =
  "retune --from predictions.jsonl [--target 0.95] [--confidence 0.9] [--out thresholds.json] [--json] " +
  "[--chart out.png (also writes out.reliability.png)]";

async function writeCharts(out: string, rows: LabelledScore[], report: TuneReport): Promise<string> {
  const paths = chartPaths(out);
  const charts = retuneCharts(rows, report);
  try {
    await writeFile(paths.riskCoverage, charts.riskCoverage);
    await writeFile(paths.reliability, charts.reliability);
  } catch (err) {
    throw new UsageError(`cannot write the chart: ${(err as Error).message}`);
  }
  return `Wrote ${paths.riskCoverage} (risk–coverage) and ${paths.reliability} (reliability diagram).`;
}

export async function runRetune(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      from: { type: "string" },
      target: { type: "string" },
      confidence: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean" },
      seed: { type: "string" },
      chart: { type: "string" },
    },
    USAGE,
  );
  const from = (values.from as string | undefined) ?? positionals[0];
  if (!from) throw new UsageError(`retune needs a predictions file (usage: triage ${USAGE})`);
  if (positionals.length > (values.from ? 0 : 1)) {
    throw new UsageError(`unexpected argument '${positionals.at(-1)}' (usage: triage ${USAGE})`);
  }
  const settings = dataSettings();
  const target = numberFlag("target", values.target, 0, 1) ?? settings.target;
  const confidence = numberFlag("confidence", values.confidence, 0, 1) ?? settings.confidence;
  // --seed chose the random split of earlier versions; every label certifies now, so it changes nothing.
  integerFlag("seed", values.seed, 0, 2 ** 31);

  const rows = await readPredictions(from);
  const labelled: LabelledScore[] = [];
  const records: TuneRecord[] = [];
  for (const r of rows) {
    if (r.label === undefined) continue;
    const row = { probs: r.probs, other: r.other, label: r.label, source: "file" };
    labelled.push(row);
    records.push(sampleRecord(row, r.id));
  }
  if (labelled.length === 0) {
    throw new DataFileError(
      `${from}: no row has a 'label' (${rows.length} rows); retune needs the human label of each message ` +
        `(a category id or "other")`,
    );
  }
  const report = tuneRecords(records, {
    target,
    confidence,
    categories: categoriesOf(rows),
    current: settings.thresholds,
  });
  const notes: string[] = [];
  if (!settings.configPath) notes.push("No config file found: using the default thresholds as 'before'.");
  if (labelled.length < rows.length) {
    notes.push(`${rows.length - labelled.length} of ${rows.length} rows have no label and were left out.`);
  }
  if (values.out) {
    await writeThresholds(values.out as string, report.thresholds, {
      retune: {
        from,
        createdAt: new Date().toISOString(),
        target,
        confidence,
        labelCount: report.labelCount,
        summary: report.summary,
        guarantee: report.guarantee,
        before: report.before,
        after: report.after,
        categories: report.categories,
      },
    });
    notes.push(`Wrote ${values.out}.`);
  }
  if (values.chart) notes.push(await writeCharts(values.chart as string, labelled, report));
  if (values.json) {
    io.out(JSON.stringify(report, null, 2));
    for (const n of notes) io.err(n);
  } else {
    io.out(formatRetuneReport(report));
    for (const n of notes) io.out(n);
  }
  return 0;
}
