/**
 * Thresholds JSON: `{"default": 0.83, "other": 0.3, "categories": {"billing": 0.74}, …}`. Extra fields
 * (such as the retune report) are allowed and ignored when read.
 */
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import type { Thresholds } from "../config.js";
import { DataFileError } from "../errors.js";
import { readError } from "./lines.js";

const probability = z
  .number({ error: "a number from 0 to 1" })
  .min(0, "a number from 0 to 1")
  .max(1, "a number from 0 to 1");

const ThresholdsFileSchema = z.object({
  default: probability.nullable(),
  other: probability,
  categories: z.record(z.string(), probability.nullable()).default({}),
});

export function parseThresholds(text: string, file: string): Thresholds {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DataFileError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const result = ThresholdsFileSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.map(String).join(".") || "(top level)";
    const what = issue?.code === "invalid_type" && issue.input === undefined ? "missing" : issue?.message;
    throw new DataFileError(
      `${file}: field '${field}' is ${what === "missing" ? "missing" : `invalid: ${what}`} ` +
        `(expected {"default": 0.8 or null, "other": 0.3, "categories": {"id": 0.9 or null}})`,
    );
  }
  return result.data;
}

export async function readThresholds(path: string): Promise<Thresholds> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw readError(path, err);
  }
  return parseThresholds(text, path);
}

/** Writes the thresholds first, then any extra fields (e.g. the report that justified them); extra
 * fields never override a threshold. */
export async function writeThresholds(
  path: string,
  thresholds: Thresholds,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const body = Object.assign({}, thresholds, extra, thresholds);
  try {
    await writeFile(path, `${JSON.stringify(body, null, 2)}\n`, "utf8");
  } catch (err) {
    throw new DataFileError(`${path}: cannot write (${(err as Error).message})`);
  }
}
