/**
 * One message → one LLM call → one stored classification with its decision under the thresholds in force
 * now. Transient failures are retried with backoff; when they persist (or the failure is not transient) the
 * message goes to review with reason `classifier_error` — never dropped.
 */

import { storedClassification } from "../../classify/stored-classification.js";
import type { Classification, Classifier } from "../../classify/types.js";
import type { TriageConfig } from "../../config.js";
import { decide } from "../../decide/decision.js";
import { ClassifierError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { BotMetrics } from "../../ops/metrics.js";
import { saveClassification } from "../../store/queries/classifications.js";
import { recordAttempt } from "../../store/queries/inbox.js";
import type { Store } from "../../store/store.js";
import { thresholdsNow } from "../retune/thresholds-now.js";
import { type CallTimes, timed } from "./timings.js";

export interface ClassifyDeps {
  store: Store;
  classifier: Classifier;
  config: TriageConfig;
  logger: Logger;
  /** Uniform [0, 1): decides which routed messages are also audited. Injected so tests are deterministic. */
  random: () => number;
  retry: { attempts: number; baseDelayMs: number };
  metrics?: Pick<BotMetrics, "messageDecided" | "llmAnswered" | "thresholdsInForce">;
}

export class Aborted extends Error {
  override name = "Aborted";
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Aborted("stopping"));
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Aborted("stopping"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** The LLM's answer, or why there is none after the retries (a classifier failure, never a database one). */
export type Answer = { ok: true; result: Classification } | { ok: false; error: string };

async function ask(
  deps: ClassifyDeps,
  message: { id: number; text: string },
  signal: AbortSignal,
  times?: CallTimes,
): Promise<Answer> {
  let lastError = "unknown error";
  for (let attempt = 1; attempt <= deps.retry.attempts; attempt++) {
    try {
      const result = await timed(times, "llmMs", () => deps.classifier.classify(message.text, signal));
      deps.metrics?.llmAnswered(result.latencyMs);
      return { ok: true, result };
    } catch (err) {
      if (signal.aborted) throw new Aborted("stopping");
      lastError = (err as Error)?.message ?? String(err);
      await recordAttempt(deps.store, message.id, lastError);
      const transient = err instanceof ClassifierError && err.transient;
      if (!transient || attempt === deps.retry.attempts) break;
      const delay = deps.retry.baseDelayMs * 4 ** (attempt - 1);
      deps.logger.warn(
        `message ${message.id}: classifier failed (${lastError}); retry ${attempt} in ${delay} ms`,
      );
      // Waiting out the LLM's trouble is LLM time, not the bot's own.
      await timed(times, "llmMs", () => wait(delay, signal));
    }
  }
  return { ok: false, error: lastError };
}

/**
 * Asks the LLM (unless an earlier round already has its answer) and stores the classification. A database
 * error while storing is thrown as it is — the worker retries the round — and the answer is kept for that
 * round, so the LLM is not asked again and its answer is never turned into a classifier failure.
 */
export async function classifyAndStore(
  deps: ClassifyDeps,
  message: { id: number; text: string },
  signal: AbortSignal,
  /** LLM answers not stored yet (the database failed): the next round stores them without asking again. */
  answers: Map<number, Answer>,
  times?: CallTimes,
): Promise<void> {
  const { store, classifier, config, logger } = deps;
  const answer = answers.get(message.id) ?? (await ask(deps, message, signal, times));
  answers.set(message.id, answer);
  const inForce = await thresholdsNow(store, classifier.promptFingerprint, config);
  deps.metrics?.thresholdsInForce(
    inForce,
    config.categories.map((c) => c.id),
  );
  if (answer.ok) {
    const { result } = answer;
    const d = decide(result, inForce.thresholds);
    // Under auto_route: certified with no certified set yet, "not confident" would be the wrong reason.
    const reason = inForce.waitingForCertificate && d.reason === "low_confidence" ? "uncertified" : d.reason;
    await saveClassification(store, {
      messageId: message.id,
      ...storedClassification(result, d, inForce.setId),
      reason,
      audit: d.decision === "route" && deps.random() < config.audit_rate,
      auditRate: config.audit_rate,
    });
    deps.metrics?.messageDecided(d.decision, reason);
  } else {
    logger.error(`message ${message.id}: sent to review, classifier failed: ${answer.error}`);
    await saveClassification(store, {
      messageId: message.id,
      model: classifier.model,
      promptFingerprint: classifier.promptFingerprint,
      probs: {},
      other: 1,
      topCategory: null,
      topProb: 0,
      decision: "review",
      reason: "classifier_error",
      thresholdSetId: inForce.setId,
      error: answer.error,
    });
    deps.metrics?.messageDecided("review", "classifier_error");
  }
  answers.delete(message.id);
  if (answer.ok) await recordAttempt(store, message.id, null);
}
