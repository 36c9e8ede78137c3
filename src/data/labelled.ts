/**
 * Labelled messages for `eval`: CSV with a header row, or JSONL, each row with `text` and `label`
 * (a category id or "other") and optionally `id`. Errors name the file, the line and the field.
 */
import { createReadStream } from "node:fs";
import { extname } from "node:path";
import { DataFileError } from "../errors.js";
import { CsvParser } from "./csv.js";
import { forEachLineBatch, readError } from "./lines.js";

export interface LabelledMessage {
  id: string;
  text: string;
  label: string;
  line: number;
}

function row(file: string, line: number, id: unknown, text: unknown, label: unknown): LabelledMessage {
  const at = `${file}:${line}`;
  if (typeof text !== "string" || text.trim() === "") {
    throw new DataFileError(`${at}: field 'text' is missing or empty`);
  }
  if (typeof label !== "string" || label.trim() === "") {
    throw new DataFileError(`${at}: field 'label' is missing or empty (use a category id, or "other")`);
  }
  const hasId = (typeof id === "string" && id.trim() !== "") || typeof id === "number";
  return { id: hasId ? String(id).trim() : String(line), text, label: label.trim(), line };
}

async function readCsv(path: string): Promise<LabelledMessage[]> {
  const out: LabelledMessage[] = [];
  let columns: { text: number; label: number; id: number } | null = null;
  const parser = new CsvParser(path, ({ fields, line }) => {
    if (!columns) {
      const names = fields.map((f) => f.trim().toLowerCase());
      const text = names.indexOf("text");
      const label = names.indexOf("label");
      if (text < 0 || label < 0) {
        const missing = [text < 0 ? "text" : null, label < 0 ? "label" : null].filter(Boolean).join(" and ");
        throw new DataFileError(
          `${path}:${line}: the header row has no ${missing} column (found: ${fields.join(", ") || "nothing"})`,
        );
      }
      columns = { text, label, id: names.indexOf("id") };
      return;
    }
    out.push(row(path, line, fields[columns.id], fields[columns.text], fields[columns.label]));
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
  if (!columns) throw new DataFileError(`${path}: empty file (expected a header row with text and label)`);
  return out;
}

async function readJsonl(path: string): Promise<LabelledMessage[]> {
  const out: LabelledMessage[] = [];
  await forEachLineBatch(path, (lines, first) => {
    lines.forEach((text, i) => {
      if (text.trim() === "") return;
      const line = first + i;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (err) {
        throw new DataFileError(`${path}:${line}: not valid JSON (${(err as Error).message})`);
      }
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        throw new DataFileError(`${path}:${line}: expected a JSON object with text and label`);
      }
      const r = raw as Record<string, unknown>;
      out.push(row(path, line, r.id, r.text, r.label));
    });
  });
  return out;
}

/** CSV by extension `.csv`, JSONL by `.jsonl`/`.ndjson`/`.json`; otherwise by the first character. */
export async function readLabelled(path: string): Promise<LabelledMessage[]> {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return readCsv(path);
  if (ext === ".jsonl" || ext === ".ndjson" || ext === ".json") return readJsonl(path);
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
  return firstChar === "{" ? readJsonl(path) : readCsv(path);
}
