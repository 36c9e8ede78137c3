/**
 * Are the option labels readable from ONE first token? For OpenAI model names the real tokenizer answers;
 * for other models we can only rule out what is known to break (two-digit labels, prefixes).
 * Reasoning models are refused outright: they do not return logprobs.
 */
import { ClassifierError } from "../errors.js";
import { MAX_DIGIT_OPTIONS, NONE_LABEL } from "./labels.js";

/** Beyond this many options the 20 top_logprobs no longer reliably show every one of them. */
export const MAX_SEEN_OPTIONS = 15;

export type EncodingName = "o200k_base" | "cl100k_base";
export type Encode = (text: string) => number[];

export interface LabelCheck {
  ok: boolean;
  encoding: EncodingName | null;
  /** Each makes the label set unusable. */
  problems: string[];
  /** Worth telling the admin, not fatal. */
  warnings: string[];
}

/** "openai/gpt-4o" and "gpt-4o" are the same model for tokenizer purposes. */
function baseName(model: string): string {
  return (model.split("/").at(-1) ?? model).trim().toLowerCase();
}

export function isReasoningModel(model: string): boolean {
  const name = baseName(model);
  return /^o\d(-|$)/.test(name) || name.startsWith("gpt-5") || name.startsWith("codex-mini");
}

export function encodingForModel(model: string): EncodingName | null {
  const name = baseName(model);
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|o\d)/.test(name)) return "o200k_base";
  if (/^(gpt-4|gpt-3\.5|gpt-35)/.test(name)) return "cl100k_base";
  return null;
}

/** Throws when the model cannot give logprobs at all; call before the first request. */
export function refuseReasoningModel(model: string): void {
  if (isReasoningModel(model)) {
    throw new ClassifierError(
      `model ${model} is a reasoning model, and reasoning models (o1/o3/o4, gpt-5 family) refuse logprobs; ` +
        "set `model` (or TRIAGE_MODEL) to a chat model such as gpt-4.1-mini",
      false,
    );
  }
}

/** Pure: the check itself, given a tokenizer (or null when the model's tokenizer is unknown). */
export function checkLabelsWith(
  model: string,
  labels: string[],
  encode: Encode | null,
  encoding: EncodingName | null = null,
): LabelCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (isReasoningModel(model)) {
    problems.push(`${model} is a reasoning model; reasoning models refuse logprobs`);
  }
  for (const a of labels) {
    for (const b of labels) {
      if (a !== b && b.startsWith(a)) problems.push(`label "${a}" is a prefix of "${b}"`);
    }
  }
  if (encode) {
    for (const label of labels) {
      const n = encode(label).length;
      if (n !== 1) problems.push(`label "${label}" is ${n} tokens for ${model}, not 1`);
    }
  } else {
    const digits = labels.filter((l) => /^\d+$/.test(l) && l !== NONE_LABEL);
    if (digits.length > MAX_DIGIT_OPTIONS) {
      warnings.push(
        `${model} has no known tokenizer and there are more than ${MAX_DIGIT_OPTIONS} digit labels; ` +
          "10+ are two tokens for many models (Qwen, Llama 2, Mistral, Gemma): use option_labels: letters",
      );
    }
  }
  const options = labels.filter((l) => l !== NONE_LABEL).length;
  if (options > MAX_SEEN_OPTIONS) {
    warnings.push(
      `${options} options and "none of these" share the 20 top_logprobs with every other first token, so an ` +
        `unlikely option can fall outside them and count as "other"; above ${MAX_SEEN_OPTIONS} options, merge ` +
        "areas or classify in two stages (group first, then the area within it)",
    );
  }
  return { ok: problems.length === 0, encoding, problems, warnings };
}

async function loadEncoder(encoding: EncodingName): Promise<Encode> {
  // Loaded on demand: each vocabulary takes a few hundred milliseconds to load.
  const mod =
    encoding === "o200k_base"
      ? await import("gpt-tokenizer/encoding/o200k_base")
      : await import("gpt-tokenizer/encoding/cl100k_base");
  return (text) => mod.encode(text);
}

export async function checkLabels(model: string, labels: string[]): Promise<LabelCheck> {
  const encoding = encodingForModel(model);
  const encode = encoding && !isReasoningModel(model) ? await loadEncoder(encoding) : null;
  return checkLabelsWith(model, labels, encode, encode ? encoding : null);
}
