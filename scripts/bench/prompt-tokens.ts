/**
 * Prompt tokens per message for the example taxonomy (config/triage.yml), counted with gpt-tokenizer's
 * o200k_base chat encoding (gpt-4.1-mini, gpt-4o), over real support messages (Banking77's test set), and
 * the share that is a stable prefix: the tokens every request shares, found as the longest common token
 * prefix of the encoded requests — what a provider's prompt cache can reuse.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeChat } from "gpt-tokenizer/encoding/o200k_base";
import { createPrompt } from "../../src/classify/prompt.js";
import { parseCsv } from "../../src/data/csv.js";
import { benchConfig } from "./bot-process.js";
import { percentile } from "./percentiles.js";

const MODEL = "gpt-4.1-mini";

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export function benchPromptTokens(dataDir: string, sample: number): void {
  const prompt = createPrompt(benchConfig(), MODEL);
  const rows = parseCsv(readFileSync(join(dataDir, "banking77/test.csv"), "utf8")).slice(1);
  const texts = rows
    .filter((_, i) => i % Math.max(1, Math.floor(rows.length / sample)) === 0)
    .map((r) => r.fields[0] ?? "");
  const encoded = texts.map((text) =>
    encodeChat(
      [
        { role: "system", content: prompt.system },
        { role: "user", content: prompt.user(text) },
      ],
      MODEL,
    ),
  );
  let prefix = encoded[0]?.length ?? 0;
  for (const e of encoded.slice(1)) prefix = Math.min(prefix, commonPrefix(encoded[0] ?? [], e));
  const totals = encoded.map((e) => e.length);
  const mean = totals.reduce((s, n) => s + n, 0) / totals.length;
  const systemOnly = encodeChat([{ role: "system", content: prompt.system }], MODEL).length;
  console.log(
    `Prompt tokens per message (example taxonomy, 7 areas; ${texts.length} Banking77 test messages; o200k_base chat encoding):`,
  );
  console.log(
    `  mean ${mean.toFixed(0)}, p50 ${percentile(totals, 0.5)}, p95 ${percentile(totals, 0.95)}, max ${Math.max(...totals)}; output 1 token`,
  );
  console.log(
    `  stable prefix shared by every request: ${prefix} tokens = ${((prefix / mean) * 100).toFixed(0)}% of a mean request (system turn alone: ${systemOnly})`,
  );
  console.log(
    `  note: OpenAI caches prompts only from 1,024 tokens, so this ${prefix}-token prefix is not cached there; vLLM and llama.cpp prefix caching reuse it at any length`,
  );
}
