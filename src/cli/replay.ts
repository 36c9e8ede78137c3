/** `triage replay FILE --thresholds thresholds.json`: what the bot would decide for each row, as JSON lines. */
import { forEachPredictionBatch } from "../data/predictions.js";
import { readThresholds } from "../data/thresholds-file.js";
import { decide } from "../decide/decision.js";
import { UsageError } from "../errors.js";
import { parseCommandArgs } from "./args.js";
import type { CliIo } from "./io.js";

const USAGE = "replay predictions.jsonl --thresholds thresholds.json";

export async function runReplay(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { thresholds: { type: "string" } }, USAGE);
  const [file, extra] = positionals;
  if (!file || !values.thresholds || extra !== undefined) {
    const what = !file ? "a predictions file" : !values.thresholds ? "--thresholds FILE" : `no '${extra}'`;
    throw new UsageError(`replay needs ${what} (usage: triage ${USAGE})`);
  }
  const thresholds = await readThresholds(values.thresholds as string);
  await forEachPredictionBatch(file, (rows) => {
    const lines = rows.map((row) => {
      const d = decide(row, thresholds);
      return JSON.stringify({
        id: row.id,
        decision: d.decision,
        category: d.decision === "route" ? d.top : null,
      });
    });
    io.out(lines.join("\n"));
  });
  return 0;
}
