/** `triage insights [--json] [--days N] [--per-group N]`: the "other" catalog from the bot's database. */
import { existsSync } from "node:fs";
import { NONE_LABEL } from "../classify/labels.js";
import { databaseTarget, readEnv } from "../config.js";
import { UsageError } from "../errors.js";
import { catalogRows, otherCatalog } from "../services/insights.js";
import { openStore } from "../store/store.js";
import { integerFlag, parseCommandArgs } from "./args.js";
import { formatCatalog } from "./format-catalog.js";
import type { CliIo } from "./io.js";

const USAGE = "insights [--json] [--days 30] [--per-group 5]";
const DAY = 86_400_000;

export async function runInsights(args: string[], io: CliIo, now = Date.now()): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { json: { type: "boolean" }, days: { type: "string" }, "per-group": { type: "string" } },
    USAGE,
  );
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument '${positionals[0]}' (usage: triage ${USAGE})`);
  }
  const days = integerFlag("days", values.days, 1, 3650) ?? 30;
  const perGroup = integerFlag("per-group", values["per-group"], 1, 1000) ?? (values.json ? 50 : 5);
  const target = databaseTarget(readEnv());
  if (!target.url && !existsSync(target.path)) {
    throw new UsageError(
      `no database at ${target.path}: the bot creates it when it runs (set TRIAGE_DB_PATH or DATABASE_URL to point at it)`,
    );
  }
  const store = await openStore(target, { readOnly: true });
  try {
    const rows = await catalogRows(store, now - days * DAY);
    const catalog = otherCatalog(rows, { noneTokens: [NONE_LABEL], perGroup });
    io.out(values.json ? JSON.stringify({ days, ...catalog }, null, 2) : formatCatalog(catalog, days));
  } finally {
    await store.close();
  }
  return 0;
}
