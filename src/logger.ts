/**
 * The one logger: pino underneath, one line per entry to stderr, as text (`ISO-time LEVEL [name] message`)
 * or as JSON (`level`, `time`, `logger`, `msg` and any fields). It satisfies Bolt's Logger interface so the
 * app and the SDKs share it; Bolt passes strings, our code may pass fields first, pino-style:
 * `logger.info({ messageId: 12 }, "routed")`, or bind them with `logger.with({ messageId: 12 })`.
 * Callers log ids, not payloads; as a second line of defence every line is scrubbed of the configured
 * secrets and of anything shaped like a Slack or OpenAI token or a URL's password (an error body that echoes
 * a key, an SDK's debug output).
 */
import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from "@slack/bolt";
import { type DestinationStream, type Logger as PinoLogger, pino } from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "text" | "json";
/** Structured fields of a line; an Error under `err` is written with its type, message and stack. */
export type LogFields = Record<string, unknown>;

export interface Logger extends BoltLogger {
  child(name: string): Logger;
  /** The same logger with these fields on every line it writes. */
  with(fields: LogFields): Logger;
}

export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => process.stderr.write(`${line}\n`);

const TOKEN_SHAPES: [RegExp, string][] = [
  [/\b(xox[a-z])-[A-Za-z0-9-]+/g, "$1-[redacted]"],
  [/\bxapp-[A-Za-z0-9-]+/g, "xapp-[redacted]"],
  [/\bsk-[A-Za-z0-9_-]{6,}/g, "sk-[redacted]"],
  // A connection URL's user and password (postgres://triage:pw@db/triage in a driver's error).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@:]+:[^\s/?#@]+@/gi, "$1[redacted]@"],
];

/** Replaces every known secret (6+ characters) and every token-shaped string in `text`. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join("[redacted]");
  }
  for (const [shape, replacement] of TOKEN_SHAPES) out = out.replace(shape, replacement);
  return out;
}

function render(arg: unknown): string {
  if (arg instanceof Error) return arg.message;
  if (typeof arg === "string") return arg;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

function isPlainObject(value: unknown): value is LogFields {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Fields first and a message after them is pino's call shape; anything else is Bolt's: words to join. */
function entry(args: unknown[]): { fields: LogFields | undefined; msg: string } {
  const [first, ...rest] = args;
  if (isPlainObject(first) && typeof rest[0] === "string")
    return { fields: first, msg: rest.map(render).join(" ") };
  return { fields: undefined, msg: args.map(render).join(" ") };
}

function textValue(value: unknown): string {
  // pino's error serializer: keep text lines to one line (the JSON format has the stack).
  if (isPlainObject(value) && typeof value.type === "string" && typeof value.message === "string") {
    return textValue(`${value.type}: ${value.message}`);
  }
  if (typeof value === "string") return /[\s"=]/.test(value) || value === "" ? JSON.stringify(value) : value;
  return render(value);
}

function textLine(json: string): string {
  const { level, time, logger, msg, ...fields } = JSON.parse(json) as LogFields;
  const extra = Object.entries(fields).map(([key, value]) => ` ${key}=${textValue(value)}`);
  return `${time} ${String(level).toUpperCase().padEnd(5)} [${logger}] ${msg ?? ""}${extra.join("")}`;
}

function lineWriter(format: LogFormat, sink: LogSink, secrets: readonly string[]): DestinationStream {
  // A secret with a quote or a backslash appears escaped inside a JSON string.
  const inJson = secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
  return {
    write: (json: string) => {
      const line =
        format === "json" ? scrubSecrets(json.trimEnd(), inJson) : scrubSecrets(textLine(json), secrets);
      sink(line);
    },
  };
}

function wrap(root: PinoLogger, name: string, bindings: LogFields, level: string): Logger {
  let label = name;
  let out = root.child({ logger: label, ...bindings }, { level });
  const at =
    (lvl: LogLevel) =>
    (...args: unknown[]) => {
      if (!out.isLevelEnabled(lvl)) return;
      const { fields, msg } = entry(args);
      if (fields) out[lvl](fields, msg);
      else out[lvl](msg);
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    setLevel: (lvl: BoltLogLevel) => {
      out.level = lvl;
    },
    getLevel: () => out.level as BoltLogLevel,
    setName: (n: string) => {
      label = n;
      out = root.child({ logger: label, ...bindings }, { level: out.level });
    },
    child: (childName: string) => wrap(root, `${label}:${childName}`, bindings, out.level),
    with: (fields: LogFields) => wrap(root, label, { ...bindings, ...fields }, out.level),
  };
}

export function createLogger(
  level: LogLevel = "info",
  sink: LogSink = stderrSink,
  name = "triage",
  secrets: readonly string[] = [],
  format: LogFormat = "text",
): Logger {
  const root = pino(
    {
      level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    lineWriter(format, sink, secrets),
  );
  return wrap(root, name, {}, level);
}

/** A logger that records lines in memory, for tests. */
export function memoryLogger(
  level: LogLevel = "debug",
  secrets: readonly string[] = [],
  format: LogFormat = "text",
): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger(level, (l) => lines.push(l), "triage", secrets, format),
    { lines },
  );
}
