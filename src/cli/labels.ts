/** `triage labels import FILE [--by U123]`: hand labels on backfilled messages into the database, all or nothing. */
import { existsSync } from "node:fs";
import { databaseTarget, readEnv, readTriageConfig } from "../config.js";
import { UsageError } from "../errors.js";
import { USER_ID } from "../services/backfill/check-labels.js";
import { importLabelsFile } from "../services/backfill/import-labels.js";
import { openStore } from "../store/store.js";
import { parseCommandArgs } from "./args.js";
import type { CliIo } from "./io.js";

const USAGE = "labels import FILE [--by U0123ABCD]";

export async function runLabels(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { by: { type: "string" } }, USAGE);
  const [action, file, extra] = positionals;
  if (action !== "import" || !file || extra !== undefined) {
    throw new UsageError(`labels needs 'import' and one CSV or JSONL file (usage: triage ${USAGE})`);
  }
  const by = values.by === undefined ? undefined : String(values.by);
  if (by !== undefined && !USER_ID.test(by)) {
    throw new UsageError(
      `--by must be a Slack member ID such as U0123ABCD (profile → ⋯ → Copy member ID), not '${by}'`,
    );
  }
  const env = readEnv();
  const categories = readTriageConfig(env.TRIAGE_CONFIG).categories;
  const target = databaseTarget(env);
  if (!target.url && !existsSync(target.path)) {
    throw new UsageError(
      `no database at ${target.path}: run triage backfill first (set TRIAGE_DB_PATH or DATABASE_URL to point at the bot's)`,
    );
  }
  const store = await openStore(target);
  try {
    const r = await importLabelsFile(store, categories, file, by === undefined ? {} : { by });
    const labelled = r.rows - r.empty;
    io.out(
      `${file}: ${r.stored} label${r.stored === 1 ? "" : "s"} stored (source import)` +
        (r.unchanged > 0 ? `, ${r.unchanged} already stored before` : "") +
        `; ${r.empty} row${r.empty === 1 ? "" : "s"} left empty, skipped`,
    );
    if (r.empty * 4 > r.rows) {
      io.out(
        `note: only ${labelled} of ${r.rows} rows are labelled. Retune counts them as a random sample of the channel, ` +
          "and the guarantee holds only if they are one: if you picked the rows you labelled, label every row, " +
          "or every 3rd (a rule that does not look at the text).",
      );
    }
    if (r.stored > 0) io.out("Next: /triage retune in Slack uses them together with every other label.");
    return 0;
  } finally {
    await store.close();
  }
}
