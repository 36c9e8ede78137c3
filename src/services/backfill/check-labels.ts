/**
 * The rows of a labels file checked against the config and the database before anything is stored: every
 * problem found, each with its line, so a person fixes the file in one go. Pure.
 */
import type { Category } from "../../config.js";
import type { HandLabel } from "../../store/queries/hand-labels.js";

/** One row as read: `id`, `label` and `by` as the file gave them. */
export type LabelsFileRow =
  | { line: number; id: unknown; label: unknown; by: unknown }
  | { line: number; problem: string };

export const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** A label as a person may write it → the category id, or "other": an id, or a name, in any case. */
export function labelResolver(categories: readonly Pick<Category, "id" | "name">[]) {
  const known = new Map<string, string>([["other", "other"]]);
  for (const c of categories) {
    known.set(c.id.toLowerCase(), c.id);
    if (!known.has(c.name.toLowerCase())) known.set(c.name.toLowerCase(), c.id);
  }
  return (written: string): string | null => known.get(written.trim().toLowerCase()) ?? null;
}

export interface LabelsCheck {
  labels: HandLabel[];
  /** Rows whose label was left empty. */
  empty: number;
  problems: string[];
}

const text = (v: unknown) => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "");

export function checkLabelRows(
  rows: readonly LabelsFileRow[],
  ctx: {
    categories: readonly Pick<Category, "id" | "name">[];
    /** Backfilled message id → its classification id. */
    backfilled: ReadonlyMap<number, number>;
    /** `--by`: who labelled rows without a `by` of their own. */
    by: string | undefined;
  },
): LabelsCheck {
  const resolve = labelResolver(ctx.categories);
  const choices = `${ctx.categories.map((c) => c.id).join(", ")} or other`;
  const labels: HandLabel[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  let empty = 0;
  for (const row of rows) {
    const at = `line ${row.line}`;
    if ("problem" in row) {
      problems.push(`${at}: ${row.problem}`);
      continue;
    }
    if (row.label !== undefined && row.label !== null && typeof row.label !== "string") {
      problems.push(`${at}: label must be text (got ${JSON.stringify(row.label)})`);
      continue;
    }
    const written = text(row.label);
    if (written === "") {
      empty++;
      continue;
    }
    const rowProblems: string[] = [];
    const idText = text(row.id);
    const id = /^\d+$/.test(idText) ? Number(idText) : null;
    const classificationId = id === null ? undefined : ctx.backfilled.get(id);
    if (id === null) {
      rowProblems.push(`id '${idText}' is not a message id (the id column that triage backfill wrote)`);
    } else if (classificationId === undefined) {
      rowProblems.push(`id ${id} is not a backfilled message`);
    }
    const label = resolve(written);
    if (!label) rowProblems.push(`label '${written}' is not a category (${choices})`);
    const byText = text(row.by) || ctx.by;
    if (!byText) rowProblems.push("no labeller: give --by U123 (a Slack member ID) or fill the by column");
    else if (!USER_ID.test(byText))
      rowProblems.push(`by '${byText}' is not a Slack member ID such as U0123ABCD`);
    if (rowProblems.length === 0 && id !== null && label && byText) {
      const key = `${id}:${byText}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        rowProblems.push(`id ${id} is labelled by ${byText} on line ${earlier} already`);
      else {
        seen.set(key, row.line);
        labels.push({ messageId: id, classificationId: classificationId as number, userId: byText, label });
      }
    }
    for (const p of rowProblems) problems.push(`${at}: ${p}`);
  }
  return { labels, empty, problems };
}
