/**
 * The Classifier over any OpenAI-compatible chat-completions endpoint: exactly one request per message,
 * one output token, the top 20 first-token logprobs. Retries and backoff are the SDK's.
 */
import OpenAI from "openai";
import type { LlmSettings, TriageConfig } from "../config.js";
import { ClassifierError } from "../errors.js";
import type { Logger } from "../logger.js";
import { describeFailure, type EndpointContext, noLogprobsError, noSignalError } from "./endpoint-errors.js";
import { labelMap, NONE_LABEL } from "./labels.js";
import { firstTokenLogprobs, scoreEntries } from "./logprobs.js";
import { createPrompt, type Prompt, TEMPERATURE } from "./prompt.js";
import { checkLabelsWith, refuseReasoningModel } from "./single-token.js";
import type { Classification, Classifier } from "./types.js";

export const OPENAI_BASE_URL = "https://api.openai.com/v1";
export const TOP_LOGPROBS = 20;

export interface ClassifierDeps {
  /** A ready client (tests); otherwise one is built from the settings. */
  client?: OpenAI;
  fetch?: typeof fetch;
  logger?: Pick<Logger, "warn">;
  now?: () => number;
}

/** Every label the model may answer with: the options in config order, then "none of these". */
export function answerLabels(prompt: Prompt): string[] {
  return [...prompt.options.map((o) => o.label), NONE_LABEL];
}

export function endpointOf(llm: LlmSettings): string {
  return llm.baseURL ?? OPENAI_BASE_URL;
}

export function createClassifier(
  llm: LlmSettings,
  config: TriageConfig,
  deps: ClassifierDeps = {},
): Classifier {
  refuseReasoningModel(llm.model);
  const prompt = createPrompt(config, llm.model);
  const check = checkLabelsWith(llm.model, answerLabels(prompt), null);
  if (!check.ok) throw new ClassifierError(`option labels unusable: ${check.problems.join("; ")}`, false);
  for (const warning of check.warnings) deps.logger?.warn(warning);

  const labels = labelMap(prompt.options);
  const now = deps.now ?? (() => performance.now());
  const ctx: EndpointContext = {
    endpoint: endpointOf(llm),
    model: llm.model,
    timeoutMs: llm.timeoutMs,
    maxRetries: llm.maxRetries,
    apiKey: llm.apiKey,
  };
  const client =
    deps.client ??
    new OpenAI({
      apiKey: llm.apiKey,
      baseURL: ctx.endpoint,
      timeout: llm.timeoutMs,
      maxRetries: llm.maxRetries,
      // Config is read in one place only; keep the SDK from picking up other OPENAI_* variables.
      organization: null,
      project: null,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });

  return {
    model: llm.model,
    promptFingerprint: prompt.fingerprint,
    async classify(text: string, signal?: AbortSignal): Promise<Classification> {
      const started = now();
      // The SDK adds a listener to the signal it is given and never removes it; the caller's signal lives
      // as long as the worker, so the SDK gets one that lives only as long as this call.
      const call = signal ? new AbortController() : undefined;
      const forward = () => call?.abort(signal?.reason);
      signal?.addEventListener("abort", forward, { once: true });
      let body: unknown;
      try {
        body = await client.chat.completions.create(
          {
            model: llm.model,
            messages: [
              { role: "system", content: prompt.system },
              { role: "user", content: prompt.user(text) },
            ],
            max_tokens: 1,
            logprobs: true,
            top_logprobs: TOP_LOGPROBS,
            temperature: TEMPERATURE,
          },
          call ? { signal: call.signal } : undefined,
        );
      } catch (err) {
        throw describeFailure(err, ctx);
      } finally {
        signal?.removeEventListener("abort", forward);
      }
      const latencyMs = Math.round(now() - started);
      const first = firstTokenLogprobs(body);
      if (first.kind === "missing") throw noLogprobsError(ctx, "returned no logprobs");
      if (first.kind === "empty") throw noSignalError(ctx, "empty logprobs (no first-token top_logprobs)");
      if (first.kind === "no_choice") throw noSignalError(ctx, "a response without choices");
      const scores = scoreEntries(first.entries, labels);
      return { ...scores, model: llm.model, promptFingerprint: prompt.fingerprint, latencyMs };
    },
  };
}
