/**
 * A small leveled logger that writes one line per entry to stderr. It satisfies Bolt's Logger
 * interface so the app and the SDKs share it. Secrets never reach it: callers log ids, not payloads.
 */
import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from "@slack/bolt";

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger extends BoltLogger {
  child(name: string): Logger;
}

export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => process.stderr.write(`${line}\n`);

function render(arg: unknown): string {
  if (arg instanceof Error) return arg.message;
  if (typeof arg === "string") return arg;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

export function createLogger(level: LogLevel = "info", sink: LogSink = stderrSink, name = "triage"): Logger {
  let current: LogLevel = level;
  let label = name;
  const write = (lvl: LogLevel, args: unknown[]) => {
    if (ORDER[lvl] < ORDER[current]) return;
    sink(
      `${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} [${label}] ${args.map(render).join(" ")}`,
    );
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
    child: (childName: string) => createLogger(current, sink, `${label}:${childName}`),
  };
}

/** A logger that records lines in memory, for tests. */
export function memoryLogger(level: LogLevel = "debug"): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger(level, (l) => lines.push(l)),
    { lines },
  );
}
