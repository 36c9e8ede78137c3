/**
 * A small leveled logger that writes one line per entry to stderr. It satisfies Bolt's Logger
 * interface so the app and the SDKs share it. Callers log ids, not payloads; as a second line of defence
 * every line is scrubbed of the configured secrets and of anything shaped like a Slack or OpenAI token
 * (an error body that echoes a key, an SDK's debug output).
 */
import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from "@slack/bolt";

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger extends BoltLogger {
  child(name: string): Logger;
}

export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => process.stderr.write(`${line}\n`);

const TOKEN_SHAPES: [RegExp, string][] = [
  [/\b(xox[a-z])-[A-Za-z0-9-]+/g, "$1-[redacted]"],
  [/\bxapp-[A-Za-z0-9-]+/g, "xapp-[redacted]"],
  [/\bsk-[A-Za-z0-9_-]{6,}/g, "sk-[redacted]"],
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

export function createLogger(
  level: LogLevel = "info",
  sink: LogSink = stderrSink,
  name = "triage",
  secrets: readonly string[] = [],
): Logger {
  let current: LogLevel = level;
  let label = name;
  const write = (lvl: LogLevel, args: unknown[]) => {
    if (ORDER[lvl] < ORDER[current]) return;
    const text = scrubSecrets(args.map(render).join(" "), secrets);
    sink(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} [${label}] ${text}`);
  };
  return {
    debug: (...args: unknown[]) => write("debug", args),
    info: (...args: unknown[]) => write("info", args),
    warn: (...args: unknown[]) => write("warn", args),
    error: (...args: unknown[]) => write("error", args),
    setLevel: (lvl: BoltLogLevel) => {
      current = lvl as LogLevel;
    },
    getLevel: () => current as BoltLogLevel,
    setName: (n: string) => {
      label = n;
    },
    child: (childName: string) => createLogger(current, sink, `${label}:${childName}`, secrets),
  };
}

/** A logger that records lines in memory, for tests. */
export function memoryLogger(
  level: LogLevel = "debug",
  secrets: readonly string[] = [],
): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger(level, (l) => lines.push(l), "triage", secrets),
    { lines },
  );
}
