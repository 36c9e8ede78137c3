/**
 * Turns whatever the OpenAI SDK throws into one clear line that names the endpoint and the model, and says
 * whether trying again later can help (rate limit, timeout, 5xx, unreachable) or a person must fix something.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { ClassifierError } from "../errors.js";
import { scrubSecrets } from "../logger.js";

export type FailureKind =
  | "unreachable"
  | "timeout"
  | "auth"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "server"
  | "bad_request"
  | "no_logprobs"
  | "no_signal"
  | "cancelled";

export class LlmEndpointError extends ClassifierError {
  override name = "LlmEndpointError";
  constructor(
    message: string,
    transient: boolean,
    readonly kind: FailureKind,
  ) {
    super(message, transient);
  }
}

export interface EndpointContext {
  endpoint: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** Scrubbed from anything the server says: some echo the key back in a 401, and errors reach Slack cards. */
  apiKey?: string;
}

const NO_LOGPROBS_HINT =
  "triage needs first-token logprobs: reasoning models (o1/o3/o4, gpt-5 family) refuse logprobs, and some " +
  "servers (LM Studio, Groq) do not return them; use a chat model such as gpt-4.1-mini";

function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** ECONNREFUSED, ENOTFOUND…: the most specific reason in the cause chain. */
function rootCause(err: unknown): string {
  let current: unknown = err;
  let reason = "";
  for (let depth = 0; current && depth < 5; depth++) {
    const c = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof c.code === "string") return c.code;
    if (typeof c.message === "string" && c.message) reason = c.message;
    current = c.cause;
  }
  return oneLine(reason || "connection failed", 120);
}

function serverMessage(err: APIError, ctx: EndpointContext): string {
  const body = err.error as { message?: unknown } | undefined;
  const text = typeof body?.message === "string" ? body.message : err.message;
  return oneLine(scrubSecrets(text ?? "", ctx.apiKey ? [ctx.apiKey] : []));
}

export function noLogprobsError(ctx: EndpointContext, detail: string): LlmEndpointError {
  return new LlmEndpointError(
    `model ${ctx.model} at ${ctx.endpoint} ${detail}; ${NO_LOGPROBS_HINT}`,
    false,
    "no_logprobs",
  );
}

export function noSignalError(ctx: EndpointContext, detail: string): LlmEndpointError {
  return new LlmEndpointError(
    `model ${ctx.model} at ${ctx.endpoint} returned ${detail}, so there is no signal to classify with; ` +
      "check that the server supports logprobs and top_logprobs in chat completions",
    false,
    "no_signal",
  );
}

export function describeFailure(err: unknown, ctx: EndpointContext): LlmEndpointError {
  if (err instanceof LlmEndpointError) return err;
  const at = `the LLM endpoint at ${ctx.endpoint}`;
  const retries = `after ${ctx.maxRetries} ${ctx.maxRetries === 1 ? "retry" : "retries"}`;
  if (err instanceof APIUserAbortError) {
    return new LlmEndpointError(`request to ${at} was cancelled`, true, "cancelled");
  }
  if (err instanceof APIConnectionTimeoutError) {
    return new LlmEndpointError(
      `${at} did not answer within ${ctx.timeoutMs} ms (model ${ctx.model}, ${retries}); ` +
        "check the server or raise llm.timeout_ms",
      true,
      "timeout",
    );
  }
  if (err instanceof APIConnectionError) {
    return new LlmEndpointError(
      `cannot reach ${at} (${rootCause(err)}, ${retries}); is the server running and OPENAI_BASE_URL right?`,
      true,
      "unreachable",
    );
  }
  if (err instanceof APIError && typeof err.status === "number") {
    const status = err.status;
    const msg = serverMessage(err, ctx);
    if ((status === 400 || status === 403 || status === 422) && /logprob/i.test(msg)) {
      return noLogprobsError(ctx, `refused logprobs (${status}: ${msg})`);
    }
    if (status === 401) {
      return new LlmEndpointError(
        `${at} rejected the API key (401: ${msg}); check OPENAI_API_KEY`,
        false,
        "auth",
      );
    }
    if (status === 403) {
      return new LlmEndpointError(
        `${at} refused model ${ctx.model} (403: ${msg}); check the key's access to it`,
        false,
        "forbidden",
      );
    }
    if (status === 404) {
      return new LlmEndpointError(
        `${at} answered 404 for model ${ctx.model} (${msg}); check the model name and that OPENAI_BASE_URL ends in /v1`,
        false,
        "not_found",
      );
    }
    if (status === 429) {
      return new LlmEndpointError(
        `${at} is rate limiting model ${ctx.model} (429 ${retries} with backoff: ${msg})`,
        true,
        "rate_limited",
      );
    }
    if (status >= 500 || status === 408 || status === 409) {
      return new LlmEndpointError(
        `${at} failed with ${status} for model ${ctx.model} (${retries}: ${msg})`,
        true,
        "server",
      );
    }
    return new LlmEndpointError(
      `${at} refused the request for model ${ctx.model} (${status}: ${msg})`,
      false,
      "bad_request",
    );
  }
  const message = scrubSecrets(
    err instanceof Error ? err.message : String(err),
    ctx.apiKey ? [ctx.apiKey] : [],
  );
  return new LlmEndpointError(
    `${at} gave an unusable answer for model ${ctx.model}: ${oneLine(message)}`,
    false,
    "no_signal",
  );
}
