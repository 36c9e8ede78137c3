import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/data/csv.js";
import { readLabelled } from "../../src/data/labelled.js";
import { parseNpy } from "../../src/data/npy.js";
import {
  categoriesOf,
  formatPrediction,
  parsePredictionLine,
  predictionWriter,
  readPredictions,
} from "../../src/data/predictions.js";
import { parseThresholds, readThresholds, writeThresholds } from "../../src/data/thresholds-file.js";
import { DataFileError } from "../../src/errors.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "triage-data-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("predictions JSONL", () => {
  it("reads a documented row and defaults other to 1 − Σ probs", () => {
    const row = parsePredictionLine(
      '{"id":"m1","label":"billing","probs":{"billing":0.7,"api":0.2}}',
      "p.jsonl",
      3,
    );
    expect(row).toMatchObject({ id: "m1", label: "billing", probs: { billing: 0.7, api: 0.2 }, line: 3 });
    expect(row?.other).toBeCloseTo(0.1, 12);
    expect(parsePredictionLine('{"probs":{"a":0.9},"other":0.05,"id":7}', "p", 1)).toMatchObject({
      id: "7",
      other: 0.05,
    });
    expect(parsePredictionLine('{"probs":{"a":0.9}}', "p", 9)?.id).toBe("9");
    expect(parsePredictionLine("   ", "p", 1)).toBeNull();
  });

  it.each([
    ["{not json", /p\.jsonl:4: not valid JSON/],
    ["[1,2]", /p\.jsonl:4: expected a JSON object per line/],
    ['{"label":"a"}', /p\.jsonl:4: field 'probs' must be an object/],
    [
      '{"probs":{"billing":"high"}}',
      /p\.jsonl:4: field 'probs\.billing' must be a number from 0 to 1 \(got "high"\)/,
    ],
    ['{"probs":{"billing":1.2}}', /field 'probs\.billing' must be a number from 0 to 1 \(got 1\.2\)/],
    ['{"probs":{"other":0.2}}', /field 'probs\.other': "other" is not a category/],
    ['{"probs":{"a":0.5},"other":-1}', /field 'other' must be a number from 0 to 1/],
    ['{"probs":{"a":0.5},"label":3}', /field 'label' must be a category id or "other"/],
    ['{"probs":{"a":0.5},"id":{"x":1}}', /field 'id' must be a string or a number/],
  ])("names the file, line and field: %s", (text, message) => {
    expect(() => parsePredictionLine(text, "p.jsonl", 4)).toThrow(DataFileError);
    expect(() => parsePredictionLine(text, "p.jsonl", 4)).toThrow(message);
  });

  it("streams a file with a BOM, CRLF and blank lines, keeping line numbers", async () => {
    const path = file(
      "p.jsonl",
      '\uFEFF{"id":"a","probs":{"x":0.9}}\r\n\r\n{"id":"b","probs":{"y":0.8},"label":"other"}\r\n{"id":"c","probs":{"x":0.1,"z":0.2}}',
    );
    const rows = await readPredictions(path);
    expect(rows.map((r) => [r.id, r.line])).toEqual([
      ["a", 1],
      ["b", 3],
      ["c", 4],
    ]);
    expect(categoriesOf(rows)).toEqual(["x", "y", "z"]);
    const bad = file("bad.jsonl", '{"probs":{"x":0.9}}\n{"probs":{"x":0.9}}\n{"probs":{"x":"?"}}\n');
    await expect(readPredictions(bad)).rejects.toThrow(`${bad}:3: field 'probs.x'`);
    await expect(readPredictions(join(dir, "missing.jsonl"))).rejects.toThrow(/missing\.jsonl: no such file/);
  });

  it("writes what it reads", async () => {
    const path = join(dir, "out.jsonl");
    const w = predictionWriter(path);
    const row = {
      id: "m1",
      text: 'say "hi"\nthere',
      label: "api",
      probs: { api: 0.5, billing: 0.25 },
      other: 0.25,
    };
    w.write(row);
    await w.close();
    expect(readFileSync(path, "utf8")).toBe(`${formatPrediction(row)}\n`);
    expect((await readPredictions(path))[0]).toEqual({ ...row, line: 1 });
    const nowhere = predictionWriter(join(dir, "no/such/dir/out.jsonl"));
    await expect(nowhere.close()).rejects.toThrow(/cannot write/);
  });
});

describe("CSV (RFC 4180)", () => {
  it("handles quotes, doubled quotes, separators and line breaks inside quotes", () => {
    const text =
      '\uFEFFtext,label\r\n"Hi, there",billing\r\n"She said ""no""",api\n"two\r\nlines",other\nplain,x';
    expect(parseCsv(text).map((r) => [r.fields, r.line])).toEqual([
      [["text", "label"], 1],
      [["Hi, there", "billing"], 2],
      [['She said "no"', "api"], 3],
      [["two\r\nlines", "other"], 4],
      [["plain", "x"], 6],
    ]);
  });

  it("names the line of an unterminated quote and of text after a closing quote", () => {
    expect(() => parseCsv('text,label\n"open,billing\nmore', "s.csv")).toThrow(
      "s.csv:2: a quoted field is never closed",
    );
    expect(() => parseCsv('text,label\n"a"b,billing', "s.csv")).toThrow(
      /s\.csv:2: unexpected "b" after a closing quote/,
    );
  });

  it("gives the same records whatever the chunking", async () => {
    const { CsvParser } = await import("../../src/data/csv.js");
    const text = 'a,b\n"x\n""y""",z\n1,2\n';
    const whole = parseCsv(text);
    const pieces: unknown[] = [];
    const p = new CsvParser("c", (r) => pieces.push(r));
    for (const ch of text) p.push(ch);
    p.end();
    expect(pieces).toEqual(whole);
  });
});

describe("labelled files for eval", () => {
  it("reads CSV with a header, in any column order, and JSONL", async () => {
    const csv = file("s.csv", 'label,id,text\nbilling,m1,"Charged twice, help"\napi,,Token expired\n');
    expect(await readLabelled(csv)).toEqual([
      { id: "m1", text: "Charged twice, help", label: "billing", line: 2 },
      { id: "3", text: "Token expired", label: "api", line: 3 },
    ]);
    const jsonl = file("s.jsonl", '{"text":"hello","label":"other"}\n');
    expect(await readLabelled(jsonl)).toEqual([{ id: "1", text: "hello", label: "other", line: 1 }]);
    const sniffed = file("sample.txt", '{"text":"hello","label":"api"}\n');
    expect((await readLabelled(sniffed))[0]?.label).toBe("api");
  });

  it("says which column, line or field is missing", async () => {
    await expect(readLabelled(file("h.csv", "message,category\nhi,api\n"))).rejects.toThrow(
      /h\.csv:1: the header row has no text and label column/,
    );
    await expect(readLabelled(file("e.csv", "text,label\nhi,\n"))).rejects.toThrow(
      /e\.csv:2: field 'label' is missing/,
    );
    await expect(readLabelled(file("e.jsonl", '{"text":""}\n'))).rejects.toThrow(/e\.jsonl:1: field 'text'/);
  });
});

describe("thresholds JSON", () => {
  it("reads the documented shape and ignores extra fields", () => {
    const t = parseThresholds(
      '{"default":0.83,"other":0.3,"categories":{"billing":0.74,"api":null},"retune":{}}',
      "t",
    );
    expect(t).toEqual({ default: 0.83, other: 0.3, categories: { billing: 0.74, api: null } });
    expect(parseThresholds('{"default":null,"other":0.5}', "t").categories).toEqual({});
  });

  it.each([
    ["{", /t\.json: not valid JSON/],
    ['{"default":0.8}', /t\.json: field 'other' is missing/],
    ['{"default":0.8,"other":3}', /t\.json: field 'other' is invalid: a number from 0 to 1/],
    ['{"default":0.8,"other":0.3,"categories":{"api":"x"}}', /field 'categories\.api' is invalid/],
  ])("names the field: %s", (text, message) => {
    expect(() => parseThresholds(text, "t.json")).toThrow(message);
  });

  it("writes thresholds first and never lets extra fields override them", async () => {
    const path = join(dir, "t.json");
    await writeThresholds(
      path,
      { default: null, other: 0.3, categories: { a: 0.9 } },
      { other: 1, retune: { n: 1 } },
    );
    expect(Object.keys(JSON.parse(readFileSync(path, "utf8")))).toEqual([
      "default",
      "other",
      "categories",
      "retune",
    ]);
    expect(await readThresholds(path)).toEqual({ default: null, other: 0.3, categories: { a: 0.9 } });
  });
});

describe(".npy", () => {
  function npy(descr: string, shape: number[], values: number[]): Buffer {
    let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
    header = `${header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11, " ")}\n`;
    const prefix = Buffer.concat([Buffer.from("\x93NUMPY\x01\x00", "latin1"), Buffer.alloc(2)]);
    prefix.writeUInt16LE(header.length, 8);
    const body = Buffer.alloc(values.length * 8);
    values.forEach((v, i) => {
      if (descr === "<f8") body.writeDoubleLE(v, i * 8);
      else body.writeBigInt64LE(BigInt(v), i * 8);
    });
    return Buffer.concat([prefix, Buffer.from(header, "latin1"), body]);
  }

  it("reads float64 and int64 arrays in C order", () => {
    const a = parseNpy(npy("<f8", [2, 3], [0.1, 0.2, 0.7, 0.25, 0.25, 0.5]));
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([0.1, 0.2, 0.7, 0.25, 0.25, 0.5]);
    expect(Array.from(parseNpy(npy("<i8", [3], [3, 0, 2])).data)).toEqual([3, 0, 2]);
  });

  it("refuses what it cannot read", () => {
    expect(() => parseNpy(Buffer.from("not numpy at all"), "x.npy")).toThrow(/x\.npy: not a \.npy file/);
    expect(() => parseNpy(npy(">f8", [1], [0]), "b.npy")).toThrow(/dtype >f8 is not supported/);
  });
});
