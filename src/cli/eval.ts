/** `triage eval FILE [--out predictions.jsonl] [--concurrency N]`: classify a labelled sample and report. */
import { basename, extname, join } from "node:path";
import { classifyMany, type Outcome } from "../classify/classify-many.js";
import { createClassifier } from "../classify/openai-classifier.js";
import { loadSetup } from "../config.js";
import { type LabelledMessage, readLabelled } from "../data/labelled.js";
import { predictionWriter } from "../data/predictions.js";
import { DataFileError, UsageError } from "../errors.js";
import { createLogger } from "../logger.js";
import { integerFlag, parseCommandArgs } from "./args.js";
import { formatEvalSummary } from "./eval-summary.js";
import type { CliIo } from "./io.js";
import { progressLine } from "./progress.js";

const USAGE = "eval labelled.csv [--out predictions.jsonl] [--concurrency N]";

/** Next to nothing: `support.csv` → `support.predictions.jsonl` in the current directory. */
export function defaultOut(file: string): string {
  return join(".", `${basename(file, extname(file))}.predictions.jsonl`);
}

export async function runEval(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { out: { type: "string" }, concurrency: { type: "string" } },
    USAGE,
  );
  const [file, extra] = positionals;
  if (!file || extra !== undefined) {
    throw new UsageError(`eval needs one labelled CSV or JSONL file (usage: triage ${USAGE})`);
  }
  const setup = loadSetup();
  const concurrency = integerFlag("concurrency", values.concurrency, 1, 64) ?? setup.config.concurrency;
  const out = (values.out as string | undefined) ?? defaultOut(file);

  const rows = await readLabelled(file);
  if (rows.length === 0) throw new DataFileError(`${file}: no labelled messages`);
  const known = new Set(setup.config.categories.map((c) => c.id));
  for (const row of rows) {
    if (row.label !== "other" && !known.has(row.label)) {
      throw new DataFileError(
        `${file}:${row.line}: field 'label' is '${row.label}', not a category id of ${setup.configPath} ` +
          `(${[...known].join(", ")}) or "other"`,
      );
    }
  }

  const classifier = createClassifier(setup.llm, setup.config, {
    logger: createLogger(setup.env.LOG_LEVEL, io.err),
  });
  const writer = predictionWriter(out);
  const started = performance.now();
  let failed = 0;
  let lastProgress = 0;
  // Rows finish out of order; they are written in input order as soon as every earlier row is done.
  const settled: (Outcome<LabelledMessage> | undefined)[] = new Array(rows.length);
  let nextToWrite = 0;
  const outcomes = await classifyMany(rows, classifier, {
    concurrency,
    onOutcome: (o, done, index) => {
      if (o.error) {
        failed++;
        io.err(`${file}:${o.item.line}: skipped (${o.error.message})`);
      }
      settled[index] = o;
      for (let s = settled[nextToWrite]; s !== undefined; s = settled[nextToWrite]) {
        if (s.result) {
          const { id, text, label } = s.item;
          writer.write({ id, text, label, probs: s.result.probs, other: s.result.other });
        }
        nextToWrite++;
      }
      const now = performance.now();
      if (io.isTTY && (now - lastProgress > 100 || done === rows.length)) {
        lastProgress = now;
        io.progress(progressLine(done, rows.length, now - started, failed));
      }
    },
  }).finally(() => writer.close());
  if (io.isTTY) io.progress("");
  const classified = outcomes.filter((o) => o.result !== null);
  io.out(
    formatEvalSummary({
      rows: classified.map((o) => ({ ...(o.result as NonNullable<typeof o.result>), label: o.item.label })),
      categories: setup.config.categories.map((c) => c.id),
      thresholds: setup.config.thresholds,
      failed,
      total: rows.length,
      seconds: (performance.now() - started) / 1000,
      model: classifier.model,
      promptFingerprint: classifier.promptFingerprint,
    }),
  );
  io.out(`\nWrote ${classified.length} predictions to ${out}. Next: triage retune --from ${out}`);
  if (failed > 0) {
    io.err(`${failed} of ${rows.length} rows failed and were left out; run eval again to retry them.`);
    return 1;
  }
  return 0;
}
