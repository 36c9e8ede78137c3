/**
 * A labels file (CSV as `triage backfill` wrote it, or JSONL with `id`, `label` and optionally `by`) into
 * the database, all or nothing: every row is checked first, and any problem stores nothing. Rows left
 * empty are skipped and counted.
 */
import type { Category } from "../../config.js";
import { forEachRecord } from "../../data/records.js";
import { TriageError } from "../../errors.js";
import { backfilledClassifications } from "../../store/queries/backfill.js";
import { saveHandLabels } from "../../store/queries/hand-labels.js";
import type { Store } from "../../store/store.js";
import { checkLabelRows, type LabelsFileRow } from "./check-labels.js";

/** At most this many problems are listed; the count says how many there were. */
const SHOWN_PROBLEMS = 30;

/** The file has problems; nothing was imported. The message lists them by line. */
export class LabelsFileError extends TriageError {
  override name = "LabelsFileError";
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  ${file}: ${p}`);
    const more = problems.length - shown.length;
    super(
      [
        `${file}: nothing imported, ${problems.length} problem${problems.length === 1 ? "" : "s"}:`,
        ...shown,
        ...(more > 0 ? [`  … and ${more} more`] : []),
      ].join("\n"),
    );
  }
}

export interface LabelsImported {
  /** Rows in the file (not counting the header or blank lines). */
  rows: number;
  stored: number;
  /** Labels equal to what that person had said already (a file imported twice). */
  unchanged: number;
  /** Rows whose label was left empty. */
  empty: number;
}

export async function importLabelsFile(
  store: Store,
  categories: readonly Pick<Category, "id" | "name">[],
  path: string,
  opts: { by?: string } = {},
): Promise<LabelsImported> {
  const rows: LabelsFileRow[] = [];
  await forEachRecord(path, ["id", "label"], (r) =>
    rows.push("problem" in r ? r : { line: r.line, id: r.fields.id, label: r.fields.label, by: r.fields.by }),
  );
  const ids = rows.flatMap((r) => ("id" in r && /^\d+$/.test(String(r.id).trim()) ? [Number(r.id)] : []));
  const backfilled = await backfilledClassifications(store, ids);
  const check = checkLabelRows(rows, { categories, backfilled, by: opts.by });
  if (check.problems.length > 0) throw new LabelsFileError(path, check.problems);
  const saved = await saveHandLabels(store, check.labels, { source: "import" });
  return { rows: rows.length, ...saved, empty: check.empty };
}
