/** Loads the real score sets in ../shared/data as labelled scores (ids = intent names / option letters). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../../src/data/csv.js";
import { readNpy } from "../../src/data/npy.js";
import { residualOther } from "../../src/decide/decision.js";
import type { LabelledScore } from "../../src/decide/tune-types.js";

export const BANKING = "cicc-intent-scores/data/banking77";
export const MMLU = "conformalllm-llama13b-mmlu/llm_probs_gpt";

export function intentNames(dataDir: string): string[] {
  const records = parseCsv(readFileSync(join(dataDir, BANKING, "bert/labels.csv"), "utf8"));
  return records.slice(1).map((r) => r.fields[1] as string);
}

/**
 * One Banking77 score file. BERT rows are softmax vectors; DFCX rows hold the service's confidences,
 * where 0 means "intent not returned" (left out of `probs`) and the values need not sum to 1.
 */
export function loadBanking(
  dataDir: string,
  model: "bert" | "dfcx",
  split: "calibration" | "test",
): LabelledScore[] {
  const names = intentNames(dataDir);
  const path = join(dataDir, BANKING, model, `${split}_predictions.csv`);
  const records = parseCsv(readFileSync(path, "utf8"), path);
  const header = (records[0]?.fields ?? []).map((h) => h.trim());
  const labelAt = header.indexOf("label");
  const columns = names.map((_, i) => header.indexOf(`label_${i}`));
  return records.slice(1).map(({ fields }) => {
    const probs: Record<string, number> = {};
    columns.forEach((col, i) => {
      const p = Number(fields[col] || 0);
      if (p > 0) probs[names[i] as string] = p;
    });
    return {
      probs,
      other: residualOther(probs),
      label: names[Number(fields[labelAt])] as string,
      source: "file",
    };
  });
}

export interface MmluQuestion {
  subject: string;
  /** 10 prompts × 4 option probabilities (A–D). */
  prompts: number[][];
  answer: string;
}

export const LETTERS = ["A", "B", "C", "D"];

export function loadMmlu(dataDir: string): MmluQuestion[] {
  const dir = join(dataDir, MMLU);
  const subjects = readdirSync(dir)
    .filter((f) => f.endsWith("_scores.npy"))
    .map((f) => f.slice(0, -"_scores.npy".length))
    .sort();
  const out: MmluQuestion[] = [];
  for (const subject of subjects) {
    const scores = readNpy(join(dir, `${subject}_scores.npy`));
    const targets = readNpy(join(dir, `${subject}_targets.npy`));
    const [prompts = 0, questions = 0, options = 0] = scores.shape;
    for (let q = 0; q < questions; q++) {
      const perPrompt: number[][] = [];
      for (let p = 0; p < prompts; p++) {
        const base = (p * questions + q) * options;
        perPrompt.push(Array.from(scores.data.subarray(base, base + options)));
      }
      out.push({ subject, prompts: perPrompt, answer: LETTERS[targets.data[q] as number] as string });
    }
  }
  return out;
}

export function mmluRow(q: MmluQuestion, prompt: number): LabelledScore {
  const p = q.prompts[prompt] ?? [];
  const probs = Object.fromEntries(LETTERS.map((l, i) => [l, p[i] ?? 0]));
  return { probs, other: residualOther(probs), label: q.answer, source: "file" };
}
