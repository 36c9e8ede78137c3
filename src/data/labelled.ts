/**
 * Labelled messages for `eval`: CSV with a header row, or JSONL, each row with `text` and `label`
 * (a category id or "other") and optionally `id`. Errors name the file, the line and the field.
 */
import { DataFileError } from "../errors.js";
import { forEachRecord } from "./records.js";

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

export async function readLabelled(path: string): Promise<LabelledMessage[]> {
  const out: LabelledMessage[] = [];
  await forEachRecord(path, ["text", "label"], (r) => {
    if ("problem" in r) throw new DataFileError(`${path}:${r.line}: ${r.problem}`);
    out.push(row(path, r.line, r.fields.id, r.fields.text, r.fields.label));
  });
  return out;
}
