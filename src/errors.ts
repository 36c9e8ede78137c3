/**
 * Named errors. Each carries a message written for the person who has to fix it; entry points print
 * `error.message` (one line, no stack) and exit non-zero.
 */
export class TriageError extends Error {
  override name = "TriageError";
}

/** Bad or missing configuration: the message names the key and what is expected. */
export class ConfigError extends TriageError {
  override name = "ConfigError";
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length > 0 ? `${message}\n${issues.map((i) => `  - ${i}`).join("\n")}` : message);
  }
}

/** The LLM endpoint could not be used: unreachable, auth, rate limit, timeout, no logprobs. */
export class ClassifierError extends TriageError {
  override name = "ClassifierError";
  constructor(
    message: string,
    /** Worth retrying later (rate limit, timeout, 5xx, unreachable) as opposed to a config problem. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** Slack's Web API could not be reached or answered with an HTTP error at start-up. */
export class SlackUnreachableError extends TriageError {
  override name = "SlackUnreachableError";
}

/** A data file (CSV, JSONL, thresholds JSON) that cannot be read as documented. */
export class DataFileError extends TriageError {
  override name = "DataFileError";
}

/** Something that is not an error of the code but of the request: bad CLI usage. */
export class UsageError extends TriageError {
  override name = "UsageError";
}
