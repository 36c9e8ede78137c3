/**
 * The CSV a person labels in a spreadsheet: `id,permalink,text,top,top_p,other,label`, `label` empty.
 * `labels import` reads `id` and `label` back; the rest is there to decide with.
 */
import { csvRecord } from "../../data/csv.js";
import type { BackfilledRow } from "../../store/queries/backfill.js";

export const HISTORY_COLUMNS = ["id", "permalink", "text", "top", "top_p", "other", "label"] as const;

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or CR) as a formula, and anyone can post in
 * a support channel: a leading apostrophe keeps such a message text. It is the only change to any text.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function historyCsv(rows: readonly BackfilledRow[]): string {
  return [
    csvRecord(HISTORY_COLUMNS),
    ...rows.map((r) =>
      csvRecord([
        String(r.id),
        r.permalink ?? "",
        spreadsheetSafe(r.text),
        r.topCategory ?? "",
        r.topProb.toFixed(3),
        r.other.toFixed(3),
        "",
      ]),
    ),
  ].join("");
}
