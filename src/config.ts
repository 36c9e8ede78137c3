/**
 * The only reader of process.env and of the YAML config. Everything is validated once, here, with zod;
 * the rest of the code receives typed values.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import { ConfigError } from "./errors.js";
import { isTimeZone } from "./time-zone.js";

const CHANNEL_ID = "a Slack channel ID such as C0123ABCD (not a #name)";
const USER_ID = "a Slack user ID such as U0123ABCD";
const channelId = z.string({ error: CHANNEL_ID }).regex(/^[CGD][A-Z0-9]{2,}$/, CHANNEL_ID);
const userId = z.string({ error: USER_ID }).regex(/^[UW][A-Z0-9]{2,}$/, USER_ID);
const LABELLER_ID =
  "a Slack user ID (U0123ABCD or W0123ABCD) or user-group ID (S0123ABCD), not a name or @handle";
const labellerId = z.string({ error: LABELLER_ID }).regex(/^[UWS][A-Z0-9]{2,}$/, LABELLER_ID);
const probability = z.number().min(0, "a number from 0 to 1").max(1, "a number from 0 to 1");

/** A per-category threshold; `null` means "never auto-route this category" (keep reviewing). */
export const ThresholdsSchema = z.strictObject({
  default: probability.nullable(),
  other: probability,
  categories: z.record(z.string(), probability.nullable()).default({}),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

const CategorySchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, "a lowercase slug such as billing or sso_login")
    .refine((id) => id !== "other", "any slug but 'other', which is reserved for 'none of these'"),
  name: z.string().min(1, "a short human name"),
  description: z.string().min(1, "one sentence saying what belongs here"),
  examples: z.array(z.string().min(1)).default([]),
  route_channel: channelId,
  emoji: z
    .string()
    .regex(/^[a-z0-9_+'-]+$/, "an emoji short name without colons, such as moneybag")
    .optional(),
});
export type Category = z.infer<typeof CategorySchema>;

const BusinessHoursSchema = z.strictObject({
  days: z.array(z.number().int().min(0).max(6)).default([1, 2, 3, 4, 5]),
  start_hour: z.number().int().min(0).max(23).default(9),
  end_hour: z.number().int().min(1).max(24).default(17),
  time_zone: z
    .string()
    .refine(isTimeZone, {
      error: (issue) =>
        `'${String(issue.input)}' is not a time zone; use an IANA name such as Europe/Berlin or America/New_York`,
    })
    .default("UTC"),
  /** Removed: named so that an old config says what replaced it rather than "unknown key". */
  utc_offset_minutes: z
    .custom<never>(
      () => false,
      "replaced by time_zone, an IANA name such as Europe/Berlin (a fixed offset is wrong for half the year under daylight saving)",
    )
    .optional(),
});

export const TriageConfigSchema = z
  .strictObject({
    support_channels: z.array(channelId).default([]),
    review_channel: channelId,
    admins: z.array(userId).default([]),
    /**
     * Whose reactions and review clicks are labels: user IDs and user-group IDs (admins always count).
     * Absent = anyone in the workspace; never Slack Connect strangers, bots, guests (unless listed) or a
     * message's author.
     */
    labellers: z.array(labellerId).optional(),
    model: z.string().min(1, "a model name that returns logprobs, such as gpt-4.1-mini"),
    target_precision: z.number().gt(0.5, "a precision above 0.5").lt(1, "a precision below 1").default(0.95),
    /** 1 − δ: how sure retune must be that routed precision meets the target. */
    confidence: z.number().gt(0.5, "a confidence above 0.5").lt(1, "a confidence below 1").default(0.9),
    audit_rate: probability.default(0.05),
    thresholds: ThresholdsSchema.default({ default: 0.8, other: 0.3, categories: {} }),
    /**
     * `certified`: route only under an applied set that a retune certified (until then every message goes
     * to review with the best guess on the card). `always`: also route with `thresholds` before any retune.
     */
    auto_route: z.enum(["always", "certified"]).default("always"),
    /** How options are numbered for the model; `auto` = digits 1–9 up to 9 categories, else letters. */
    option_labels: z.enum(["auto", "digits", "letters"]).default("auto"),
    max_message_chars: z.number().int().min(200).max(100_000).default(4000),
    concurrency: z.number().int().min(1).max(64).default(4),
    redact: z.boolean().default(false),
    /** Delete message text and permalinks after this many days (labels and scores stay); absent = keep. */
    retention_days: z.number().int().min(1, "a number of days, 1 or more").optional(),
    /**
     * How the support channel learns where a message went: a note in its thread (`thread_note`), or a
     * reaction on it (`reaction`: the category's emoji, else :inbox_tray:). Reactions are not held to
     * Slack's ~1 post/s per channel, so a busy support channel is acknowledged without delay.
     */
    acknowledge: z.enum(["thread_note", "reaction"]).default("thread_note"),
    /** Posts per channel the bot allows itself: Slack's chat.postMessage limit is about 1/s per channel. */
    post_pacing: z
      .strictObject({
        per_second: z.number().min(0, "posts per second per channel; 0 turns pacing off").default(1),
        burst: z.number().int().min(1).max(20).default(3),
      })
      .default({ per_second: 1, burst: 3 }),
    llm: z
      .strictObject({
        timeout_ms: z.number().int().min(100).max(600_000).default(20_000),
        max_retries: z.number().int().min(0).max(10).default(2),
      })
      .default({ timeout_ms: 20_000, max_retries: 2 }),
    review_nudge: z
      .strictObject({
        after_minutes: z.number().int().min(1).default(120),
        business_hours: BusinessHoursSchema.optional(),
      })
      .optional(),
    categories: z.array(CategorySchema).min(2, "at least 2 categories").max(20, "at most 20 categories"),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.categories.forEach((c, i) => {
      if (seen.has(c.id)) {
        ctx.addIssue({ code: "custom", path: ["categories", i, "id"], message: `duplicate id '${c.id}'` });
      }
      seen.add(c.id);
    });
    for (const id of Object.keys(cfg.thresholds.categories)) {
      if (!seen.has(id)) {
        ctx.addIssue({
          code: "custom",
          path: ["thresholds", "categories", id],
          message: `'${id}' is not a category id (known: ${[...seen].join(", ")})`,
        });
      }
    }
    if (cfg.option_labels === "digits" && cfg.categories.length > 9) {
      ctx.addIssue({
        code: "custom",
        path: ["option_labels"],
        message: "digits work for at most 9 categories (10+ are two tokens for many models); use letters",
      });
    }
  });
export type TriageConfig = z.infer<typeof TriageConfigSchema>;

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === "" ? undefined : s))
  .optional();

export const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().startsWith("xoxb-", "a bot token starting with xoxb-").optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().startsWith("xapp-", "an app-level token starting with xapp-").optional(),
  ),
  SLACK_MODE: optionalString.pipe(z.enum(["socket", "http"]).optional()),
  PORT: optionalString.pipe(
    z.coerce
      .number<string | undefined>({ error: "a port number such as 3000" })
      .int()
      .min(0)
      .max(65535)
      .default(3000),
  ),
  SLACK_API_URL: optionalString.pipe(z.url("a URL such as https://slack.com/api/").optional()),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url("a URL such as http://localhost:8000/v1").optional()),
  TRIAGE_MODEL: optionalString,
  TRIAGE_CONFIG: optionalString.pipe(z.string().default("config/triage.yml")),
  TRIAGE_DB_PATH: optionalString.pipe(z.string().default("data/triage.db")),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, "a Postgres URL such as postgres://triage:secret@db:5432/triage")
      .optional(),
  ),
  LOG_LEVEL: optionalString.pipe(z.enum(["debug", "info", "warn", "error"]).default("info")),
  SHUTDOWN_TIMEOUT_S: optionalString.pipe(
    z.coerce
      .number<string | undefined>({ error: "a number of seconds such as 10" })
      .min(0)
      .max(600)
      .default(10),
  ),
  READY_MAX_BACKLOG: optionalString.pipe(
    z.coerce
      .number<string | undefined>({ error: "a whole number of messages such as 1000" })
      .int()
      .min(1)
      .default(1000),
  ),
  LOG_FORMAT: optionalString.pipe(z.enum(["text", "json"]).default("text")),
});
export type Env = z.infer<typeof EnvSchema>;

export interface LlmSettings {
  apiKey: string;
  baseURL: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

export interface SlackSettings {
  mode: "socket" | "http";
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  port: number;
  apiUrl: string | undefined;
}

/** The environment and the triage config, read once: what the CLI commands start from. */
export interface Setup {
  env: Env;
  config: TriageConfig;
  configPath: string;
  llm: LlmSettings;
  database: DatabaseTarget;
}

/** Postgres when `DATABASE_URL` is set, else the SQLite file at `TRIAGE_DB_PATH`. */
export interface DatabaseTarget {
  url: string | undefined;
  path: string;
}

export function databaseTarget(env: Env): DatabaseTarget {
  return { url: env.DATABASE_URL, path: env.TRIAGE_DB_PATH };
}

function formatIssues(issues: z.core.$ZodIssue[], root: string): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const where = path ? `${root ? `${root}.` : ""}${path}` : root || "(top level)";
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => (where && where !== "(top level)" ? `${where}.${k}` : k));
      return `unknown key ${keys.map((k) => `'${k}'`).join(", ")}: remove it or check its spelling`;
    }
    if (issue.code === "invalid_type") {
      // A schema's own wording (e.g. a channel ID) beats the type name.
      const expected = issue.message.startsWith("Invalid input")
        ? expectedWords(issue.expected)
        : issue.message;
      return issue.input === undefined
        ? `${where}: missing; expected ${expected}`
        : `${where}: expected ${expected}, got ${shown(issue.input)}`;
    }
    return `${where}: ${issue.message}`;
  });
}

/** zod's type names in the words of someone editing YAML. */
function expectedWords(expected: string): string {
  const words: Record<string, string> = {
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    string: "text",
    array: "a list ([a, b] or one '- item' per line)",
    object: "a mapping (key: value lines)",
  };
  return words[expected] ?? expected;
}

function shown(input: unknown): string {
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Loads `.env` (if present) into the process environment, then validates the variables we use. */
export function readEnv(source: NodeJS.ProcessEnv = process.env, dotenvPath = ".env"): Env {
  if (source === process.env && existsSync(dotenvPath)) process.loadEnvFile(dotenvPath);
  const result = EnvSchema.safeParse(source, { reportInput: true });
  if (!result.success) throw new ConfigError("Invalid environment:", formatIssues(result.error.issues, ""));
  return result.data;
}

/** Parses and validates a YAML (or JSON) config text. `origin` names the file in errors. */
export function parseTriageConfig(text: string, origin: string): TriageConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const detail = err instanceof YAMLParseError ? err.message.split("\n")[0] : String(err);
    throw new ConfigError(`${origin} is not valid YAML: ${detail}`);
  }
  const result = TriageConfigSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!result.success) throw new ConfigError(`${origin} is invalid:`, formatIssues(result.error.issues, ""));
  return result.data;
}

export function readTriageConfig(path: string): TriageConfig {
  const full = resolve(path);
  if (!existsSync(full)) {
    throw new ConfigError(
      `Config file not found: ${path}. Copy config/triage.yml (the example taxonomy) and point TRIAGE_CONFIG at it.`,
    );
  }
  return parseTriageConfig(readFileSync(full, "utf8"), path);
}

export function llmSettings(env: Env, config: TriageConfig): LlmSettings {
  const apiKey = env.OPENAI_API_KEY ?? (env.OPENAI_BASE_URL ? "not-needed" : undefined);
  if (!apiKey) {
    throw new ConfigError(
      "OPENAI_API_KEY is not set. Put it in .env (see .env.example), or set OPENAI_BASE_URL to a local " +
        "OpenAI-compatible server (vLLM, llama.cpp, Ollama) that needs no key.",
    );
  }
  return {
    apiKey,
    baseURL: env.OPENAI_BASE_URL,
    model: env.TRIAGE_MODEL ?? config.model,
    timeoutMs: config.llm.timeout_ms,
    maxRetries: config.llm.max_retries,
  };
}

/** Reads the environment, then the config file it points to (TRIAGE_CONFIG). */
export function loadSetup(source: NodeJS.ProcessEnv = process.env): Setup {
  const env = readEnv(source);
  const config = readTriageConfig(env.TRIAGE_CONFIG);
  return {
    env,
    config,
    configPath: env.TRIAGE_CONFIG,
    llm: llmSettings(env, config),
    database: databaseTarget(env),
  };
}

const SETUP = "See docs/slack-setup.md for where to find each value.";

/** `SLACK_MODE`, else Socket Mode when an app-level token is set, else HTTP. */
export function slackMode(env: Env): "socket" | "http" {
  return env.SLACK_MODE ?? (env.SLACK_APP_TOKEN ? "socket" : "http");
}

/** The Slack credentials for the chosen mode; names every missing variable at once. */
export function slackSettings(env: Env): SlackSettings {
  const mode = slackMode(env);
  const missing: string[] = [];
  if (!env.SLACK_BOT_TOKEN)
    missing.push("SLACK_BOT_TOKEN (xoxb-…, OAuth & Permissions → Bot User OAuth Token)");
  if (mode === "http" && !env.SLACK_SIGNING_SECRET) {
    // The manifest sets up Socket Mode; without SLACK_MODE a missing app token falls back to HTTP.
    const orSocket = env.SLACK_MODE ? "" : "; or, for Socket Mode, SLACK_APP_TOKEN (xapp-…) instead";
    missing.push(`SLACK_SIGNING_SECRET (Basic Information → App Credentials → Signing Secret)${orSocket}`);
  }
  if (mode === "socket" && !env.SLACK_APP_TOKEN) {
    missing.push("SLACK_APP_TOKEN (xapp-…, Basic Information → App-Level Tokens, scope connections:write)");
  }
  if (missing.length > 0) {
    throw new ConfigError(
      `Cannot start in ${mode} mode: missing ${missing.length} variable(s). ${SETUP}`,
      missing,
    );
  }
  return {
    mode,
    botToken: env.SLACK_BOT_TOKEN as string,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    port: env.PORT,
    apiUrl: env.SLACK_API_URL,
  };
}
