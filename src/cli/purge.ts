/** `triage purge --before DATE`: delete message text and permalinks older than DATE now (retention on demand). */
import { databaseTarget, readEnv } from "../config.js";
import { UsageError } from "../errors.js";
import { purgeTextBefore } from "../store/queries/inbox.js";
import { openStore } from "../store/store.js";
import { parseCommandArgs } from "./args.js";
import type { CliIo } from "./io.js";

const USAGE = "purge --before YYYY-MM-DD";

export async function runPurge(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { before: { type: "string" } }, USAGE);
  const raw = values.before;
  if (typeof raw !== "string" || positionals.length > 0) {
    throw new UsageError(`purge needs --before DATE and nothing else (usage: triage ${USAGE})`);
  }
  const before = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (!Number.isFinite(before)) {
    throw new UsageError(`--before must be a date such as 2026-01-31 (got '${raw}')`);
  }
  if (before > Date.now()) throw new UsageError(`--before ${raw} is in the future`);
  const store = await openStore(databaseTarget(readEnv()));
  try {
    const cleared = await purgeTextBefore(store, before);
    io.out(
      `deleted the text and permalink of ${cleared} message(s) received before ${new Date(before).toISOString()}; ` +
        "scores, decisions and labels are kept",
    );
  } finally {
    await store.close();
  }
  return 0;
}
