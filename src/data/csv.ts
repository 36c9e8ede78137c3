/**
 * RFC 4180 CSV: fields may be quoted, quotes inside are doubled, quoted fields may hold commas and line
 * breaks; CRLF or LF ends a record. Read incrementally (fed chunk by chunk, so large files stream) and
 * written a record at a time.
 */
import { DataFileError } from "../errors.js";

export type CsvRecord = { fields: string[]; line: number };

export class CsvParser {
  private field = "";
  private fields: string[] = [];
  private inQuotes = false;
  /** Just saw a quote inside a quoted field: either an escaped quote or the field's end. */
  private quotePending = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private afterCr = false;
  private started = false;

  constructor(
    private readonly file: string,
    private readonly onRecord: (record: CsvRecord) => void,
  ) {}

  push(chunk: string): void {
    let text = chunk;
    if (!this.started) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.started = text.length > 0;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (this.afterCr) {
        this.afterCr = false;
        if (ch === "\n") continue;
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false;
          if (ch !== "," && ch !== "\n" && ch !== "\r") {
            throw new DataFileError(
              `${this.file}:${this.line}: unexpected ${JSON.stringify(ch)} after a closing quote (a quote inside a quoted field must be doubled: "")`,
            );
          }
          // fall through to the unquoted handling of the separator
        } else if (ch === '"') {
          this.quotePending = true;
          continue;
        } else {
          if (ch === "\n") this.line++;
          this.field += ch;
          continue;
        }
      }
      if (ch === ",") {
        this.fields.push(this.field);
        this.field = "";
      } else if (ch === "\n" || ch === "\r") {
        this.afterCr = ch === "\r";
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
      } else if (ch === '"' && this.field === "") {
        this.inQuotes = true;
        this.quoteLine = this.line;
      } else {
        this.field += ch;
      }
    }
  }

  end(): void {
    if (this.inQuotes && !this.quotePending) {
      throw new DataFileError(`${this.file}:${this.quoteLine}: a quoted field is never closed`);
    }
    this.inQuotes = false;
    this.quotePending = false;
    if (this.field !== "" || this.fields.length > 0) this.endRecord();
  }

  private endRecord(): void {
    this.fields.push(this.field);
    const fields = this.fields;
    this.fields = [];
    this.field = "";
    // A blank line is not a record.
    if (!(fields.length === 1 && fields[0] === "")) this.onRecord({ fields, line: this.recordLine });
  }
}

/** Parses a whole CSV text (small files, tests). */
export function parseCsv(text: string, file = "input"): CsvRecord[] {
  const out: CsvRecord[] = [];
  const parser = new CsvParser(file, (r) => out.push(r));
  parser.push(text);
  parser.end();
  return out;
}

/** One CSV record (RFC 4180, CRLF-terminated): a field is quoted when it holds a comma, quote or line break. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(",")}\r\n`;
}
