/**
 * Predictions JSONL: one message per line,
 * `{"id": "…", "text": "…", "label": "billing", "probs": {"billing": 0.91, "api": 0.03}, "other": 0.06}`.
 * `label` and `text` are optional; `other` defaults to 1 − Σ probs; the ids in `probs` are the categories.
 */
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { residualOther, type Scores } from "../decide/decision.js";
import { DataFileError } from "../errors.js";
import { forEachLineBatch } from "./lines.js";

export interface PredictionRow extends Scores {
  id: string;
  text?: string;
  /** The human label: a category id or "other". */
  label?: string;
  /** 1-based line in the file it came from. */
  line: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const describe = (v: unknown) => (typeof v === "string" ? `"${v.slice(0, 40)}"` : JSON.stringify(v));

function probability(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 1;
}

/** Parses one line; null for a blank line. Errors name the file, the line and the field. */
export function parsePredictionLine(text: string, file: string, line: number): PredictionRow | null {
  if (text.trim() === "") return null;
  const at = `${file}:${line}`;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DataFileError(`${at}: not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(raw)) throw new DataFileError(`${at}: expected a JSON object per line, got ${describe(raw)}`);
  const probs = raw.probs;
  if (!isObject(probs)) {
    throw new DataFileError(`${at}: field 'probs' must be an object of category → probability`);
  }
  for (const id in probs) {
    const p = probs[id];
    if (!probability(p)) {
      throw new DataFileError(`${at}: field 'probs.${id}' must be a number from 0 to 1 (got ${describe(p)})`);
    }
    if (id === "other") {
      throw new DataFileError(
        `${at}: field 'probs.other': "other" is not a category; use the top-level 'other'`,
      );
    }
  }
  const row: PredictionRow = { id: String(line), probs: probs as Record<string, number>, other: 0, line };
  if (raw.other === undefined || raw.other === null) row.other = residualOther(row.probs);
  else if (probability(raw.other)) row.other = raw.other;
  else
    throw new DataFileError(`${at}: field 'other' must be a number from 0 to 1 (got ${describe(raw.other)})`);
  if (raw.id !== undefined && raw.id !== null) {
    if (typeof raw.id !== "string" && typeof raw.id !== "number") {
      throw new DataFileError(`${at}: field 'id' must be a string or a number (got ${describe(raw.id)})`);
    }
    row.id = String(raw.id);
  }
  if (raw.label !== undefined && raw.label !== null) {
    if (typeof raw.label !== "string" || raw.label.trim() === "") {
      throw new DataFileError(
        `${at}: field 'label' must be a category id or "other" (got ${describe(raw.label)})`,
      );
    }
    row.label = raw.label.trim();
  }
  if (typeof raw.text === "string") row.text = raw.text;
  return row;
}

/** Streams the file, calling `onRows` with each batch of parsed rows. */
export async function forEachPredictionBatch(
  path: string,
  onRows: (rows: PredictionRow[]) => void | Promise<void>,
): Promise<number> {
  let total = 0;
  await forEachLineBatch(path, async (lines, first) => {
    const rows: PredictionRow[] = [];
    for (let i = 0; i < lines.length; i++) {
      const row = parsePredictionLine(lines[i] as string, path, first + i);
      if (row) rows.push(row);
    }
    total += rows.length;
    if (rows.length > 0) await onRows(rows);
  });
  return total;
}

export async function readPredictions(path: string): Promise<PredictionRow[]> {
  const all: PredictionRow[] = [];
  await forEachPredictionBatch(path, (rows) => {
    for (const r of rows) all.push(r);
  });
  return all;
}

/** One JSONL line in the documented field order (no `line`). */
export function formatPrediction(row: Omit<PredictionRow, "line">): string {
  const out: Record<string, unknown> = { id: row.id };
  if (row.text !== undefined) out.text = row.text;
  if (row.label !== undefined) out.label = row.label;
  out.probs = row.probs;
  out.other = row.other;
  return JSON.stringify(out);
}

/** Every category id in the rows, in first-seen order: probs keys, then labels other than "other". */
export function categoriesOf(rows: readonly { probs: Record<string, number>; label?: string }[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const id in r.probs) seen.add(id);
  for (const r of rows) if (r.label !== undefined && r.label !== "other") seen.add(r.label);
  return [...seen];
}

/** Opens `path` for writing predictions line by line; `close()` resolves once everything is on disk. */
export function predictionWriter(path: string): {
  write(row: Omit<PredictionRow, "line">): void;
  close(): Promise<void>;
} {
  const stream = createWriteStream(path, { encoding: "utf8" });
  const done = finished(stream).catch((err: Error) => {
    throw new DataFileError(`${path}: cannot write (${err.message})`);
  });
  done.catch(() => {}); // reported by close()
  return {
    write(row) {
      if (!stream.destroyed) stream.write(`${formatPrediction(row)}\n`);
    },
    async close() {
      stream.end();
      await done;
    },
  };
}
