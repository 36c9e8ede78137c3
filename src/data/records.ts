/**
 * Rows of a data file as objects, whatever the format: CSV with a header row (names matched trimmed and
 * case-insensitively; extra columns are fine) or JSONL, one object per line. The caller checks the fields;
 * a JSONL line that is not a JSON object comes as a `problem`, so a caller can report every bad line.
 */
import { createReadStream } from "node:fs";
import { extname } from "node:path";
import { DataFileError } from "../errors.js";
import { CsvParser } from "./csv.js";
import { forEachLineBatch, readError } from "./lines.js";

export type DataRecord =
  | { line: number; fields: Record<string, unknown> }
  | { line: number; problem: string };

/** Which columns a file must have, named in error messages ("text and label"). */
const listed = (names: readonly string[]) => names.join(" and ");

async function csvRecords(
  path: string,
  required: readonly string[],
  onRecord: (r: DataRecord) => void,
): Promise<void> {
  let names: string[] | null = null;
  const parser = new CsvParser(path, ({ fields, line }) => {
    if (!names) {
      names = fields.map((f) => f.trim().toLowerCase());
      const missing = required.filter((r) => !names?.includes(r));
      if (missing.length > 0) {
        throw new DataFileError(
          `${path}:${line}: the header row has no ${listed(missing)} column (found: ${fields.join(", ") || "nothing"})`,
        );
      }
      return;
    }
    const record: Record<string, unknown> = {};
    names.forEach((name, i) => {
      if (fields[i] !== undefined && !(name in record)) record[name] = fields[i];
    });
    onRecord({ line, fields: record });
  });
  try {
    for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
      parser.push(chunk as string);
    }
  } catch (err) {
    if (err instanceof DataFileError) throw err;
    throw readError(path, err);
  }
  parser.end();
  if (!names) throw new DataFileError(`${path}: empty file (expected a header row with ${listed(required)})`);
}

async function jsonlRecords(
  path: string,
  required: readonly string[],
  onRecord: (r: DataRecord) => void,
): Promise<void> {
  await forEachLineBatch(path, (lines, first) => {
    lines.forEach((text, i) => {
      if (text.trim() === "") return;
      const line = first + i;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (err) {
        onRecord({ line, problem: `not valid JSON (${(err as Error).message})` });
        return;
      }
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        onRecord({ line, problem: `expected a JSON object with ${listed(required)}` });
        return;
      }
      onRecord({ line, fields: raw as Record<string, unknown> });
    });
  });
}

/** CSV by extension `.csv`, JSONL by `.jsonl`/`.ndjson`/`.json`; otherwise by the first character. */
export async function forEachRecord(
  path: string,
  required: readonly string[],
  onRecord: (r: DataRecord) => void,
): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return csvRecords(path, required, onRecord);
  if (ext === ".jsonl" || ext === ".ndjson" || ext === ".json") return jsonlRecords(path, required, onRecord);
  let firstChar = "";
  await forEachLineBatch(path, (lines) => {
    if (firstChar) return;
    for (const l of lines) {
      const t = l.trim();
      if (t) {
        firstChar = t[0] as string;
        return;
      }
    }
  });
  return firstChar === "{" ? jsonlRecords(path, required, onRecord) : csvRecords(path, required, onRecord);
}
