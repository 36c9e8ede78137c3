/** `triage classify [--json] TEXT`: one message, one LLM call, the config file's thresholds. */
import { createClassifier } from "../classify/openai-classifier.js";
import { loadSetup } from "../config.js";
import { decide } from "../decide/decision.js";
import { UsageError } from "../errors.js";
import { createLogger } from "../logger.js";
import type { CliIo } from "./io.js";
import { renderScores } from "./render-scores.js";

const USAGE = 'usage: triage classify [--json] TEXT   (e.g. triage classify "We were charged twice")';

/** Six decimals: exp(log p) noise such as 0.29999999999999993 says nothing to a reader. */
const round = (p: number) => Math.round(p * 1e6) / 1e6;

export function parseClassifyArgs(args: string[]): { json: boolean; text: string } {
  let json = false;
  const words: string[] = [];
  let flagsDone = false;
  for (const arg of args) {
    if (!flagsDone && arg === "--") flagsDone = true;
    else if (!flagsDone && arg === "--json") json = true;
    else if (!flagsDone && arg.startsWith("--")) throw new UsageError(`unknown option ${arg}; ${USAGE}`);
    else words.push(arg);
  }
  const text = words.join(" ").trim();
  if (!text) throw new UsageError(`no message given; ${USAGE}`);
  return { json, text };
}

export async function runClassify(args: string[], io: CliIo): Promise<number> {
  const { json, text } = parseClassifyArgs(args);
  const setup = loadSetup();
  const logger = createLogger(setup.env.LOG_LEVEL, io.err);
  const classifier = createClassifier(setup.llm, setup.config, { logger });
  const result = await classifier.classify(text);
  const thresholds = setup.config.thresholds;
  const decision = decide(result, thresholds);
  if (json) {
    io.out(
      JSON.stringify({
        category: decision.top,
        probs: Object.fromEntries(Object.entries(result.probs).map(([id, p]) => [id, round(p)])),
        other: round(result.other),
        decision: decision.decision,
        reason: decision.reason,
        threshold: decision.threshold,
        model: result.model,
        promptFingerprint: result.promptFingerprint,
        latencyMs: result.latencyMs,
      }),
    );
  } else {
    io.out(
      renderScores({
        text,
        categories: setup.config.categories,
        probs: result.probs,
        other: result.other,
        strayTokens: result.strayTokens,
        decision,
        otherThreshold: thresholds.other,
        model: result.model,
        promptFingerprint: result.promptFingerprint,
        latencyMs: result.latencyMs,
      }),
    );
  }
  return 0;
}
