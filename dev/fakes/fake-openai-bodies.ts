/**
 * Response bodies of the fake OpenAI-compatible server, in the real wire shapes of OpenAI, vLLM and
 * llama.cpp (see test/fixtures/llm): the mass a test does not assign is spread over junk tokens and an
 * unseen tail, as real servers do.
 */
import { randomBytes } from "node:crypto";

export type Shape = "openai" | "vllm" | "llamacpp";
interface WireEntry {
  token: string;
  p: number;
}

const JUNK: Record<Shape, string[]> = {
  openai: [" ", "\n", "**", "The", "Option", "<|end|>", "Based", "Category", "This", "Answer"],
  // vLLM detokenizes distinct special tokens (EOS, <|eot_id|>) to the same "" string.
  vllm: ["", " ", "", "\n", "**", "The", "Option", "Based", "Category", "Answer"],
  // A thinking-channel special token takes first-token mass on llama.cpp reasoning-capable models.
  llamacpp: ["<|channel>", " ", "\n", "**", "<end_of_turn>", "The", "Option", "Based", "Category", "Answer"],
};
/** Share of the unassigned mass that shows up as visible junk; the rest is the unseen tail beyond top 20. */
const VISIBLE_JUNK = 0.7;
const MAX_TOP = 20;

const utf8 = (s: string) => Array.from(Buffer.from(s, "utf8"));

function spread(dist: Record<string, number>, shape: Shape): WireEntry[] {
  const given = Object.entries(dist).map(([token, p]) => ({ token, p }));
  const assigned = given.reduce((s, e) => s + e.p, 0);
  const rest = Math.max(0, 1 - assigned);
  const room = Math.max(0, MAX_TOP - given.length);
  const junk = JUNK[shape].slice(0, Math.min(room, 6));
  const weights = junk.map((_, i) => 0.5 ** (i + 1));
  const total = weights.reduce((s, w) => s + w, 0);
  const junkEntries =
    rest > 1e-9
      ? junk.map((token, i) => ({ token, p: (rest * VISIBLE_JUNK * (weights[i] ?? 0)) / total }))
      : [];
  return [...given, ...junkEntries].sort((a, b) => b.p - a.p).slice(0, MAX_TOP);
}

function logprobOf(p: number): number {
  return p > 0 ? Math.log(p) : -9999.0;
}

/** A chat-completion body in the given server's wire shape whose first token has distribution `dist`. */
export function completionBody(dist: Record<string, number>, shape: Shape, model: string, promptChars = 400) {
  const entries = spread(dist, shape);
  const prompt_tokens = Math.ceil(promptChars / 4);
  const created = Math.floor(Date.now() / 1000);
  const top = entries[0] ?? { token: "", p: 0 };
  if (shape === "openai") {
    const wire = (e: WireEntry) => ({
      token: e.token,
      logprob: logprobOf(e.p),
      bytes: /^<\|.*\|>$/.test(e.token) ? null : utf8(e.token),
    });
    return {
      id: `chatcmpl-${randomBytes(12).toString("base64url")}`,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: top.token, refusal: null, annotations: [] },
          logprobs: { content: [{ ...wire(top), top_logprobs: entries.map(wire) }], refusal: null },
          finish_reason: "length",
        },
      ],
      usage: {
        prompt_tokens,
        completion_tokens: 1,
        total_tokens: prompt_tokens + 1,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
      service_tier: "default",
      system_fingerprint: "fp_f4ke0000",
    };
  }
  if (shape === "vllm") {
    const wire = (e: WireEntry) => ({ token: e.token, logprob: logprobOf(e.p), bytes: utf8(e.token) });
    return {
      id: `cmpl-${randomBytes(16).toString("hex")}`,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", reasoning_content: null, content: top.token, tool_calls: [] },
          logprobs: { content: [{ ...wire(top), top_logprobs: entries.map(wire) }] },
          finish_reason: "length",
          stop_reason: null,
        },
      ],
      usage: { prompt_tokens, total_tokens: prompt_tokens + 1, completion_tokens: 1 },
      prompt_logprobs: null,
    };
  }
  const ids = new Map<WireEntry, number>(entries.map((e, i) => [e, 236_000 + i * 17]));
  const wire = (e: WireEntry) => ({
    id: ids.get(e) ?? 0,
    token: e.token,
    bytes: utf8(e.token),
    logprob: Math.log(e.p), // llama.cpp lists only tokens with mass
  });
  return {
    choices: [
      {
        finish_reason: "length",
        index: 0,
        message: { role: "assistant", content: top.token },
        logprobs: { content: [{ ...wire(top), top_logprobs: entries.filter((e) => e.p > 0).map(wire) }] },
      },
    ],
    created,
    model,
    system_fingerprint: "b6000-f4ke0000",
    object: "chat.completion",
    usage: { completion_tokens: 1, prompt_tokens, total_tokens: prompt_tokens + 1 },
    id: `chatcmpl-${randomBytes(16).toString("base64url")}`,
    timings: { prompt_n: prompt_tokens, prompt_ms: 12.5, predicted_n: 1, predicted_ms: 3.1 },
  };
}

const DEFAULT_ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: "Invalid request.", type: "invalid_request_error", code: null },
  401: {
    message: "Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com.",
    type: "invalid_request_error",
    code: "invalid_api_key",
  },
  403: {
    message: "You are not allowed to request logprobs from this model",
    type: "invalid_request_error",
    code: null,
  },
  404: {
    message: "The model does not exist or you do not have access to it.",
    type: "invalid_request_error",
    code: "model_not_found",
  },
  429: {
    message: "Rate limit reached for requests. Please try again shortly.",
    type: "requests",
    code: "rate_limit_exceeded",
  },
};

export function errorBody(status: number): unknown {
  const known = DEFAULT_ERRORS[status] ?? {
    message: "The server had an error while processing your request. Sorry about that!",
    type: "server_error",
    code: null,
  };
  return { error: { ...known, param: null } };
}
