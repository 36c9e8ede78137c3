/**
 * A promise rejection that nobody handled would end the process (Node's default since 15). One forgotten
 * `.catch` in a background task is not worth dropping every message in flight: log it as an error (with
 * its stack in the JSON format; scrubbed like every line) and keep the bot up.
 */
import type { Logger } from "../logger.js";

function shown(reason: unknown): string {
  if (typeof reason === "string") return reason;
  try {
    return JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}

/** Installs the process-wide `unhandledRejection` handler. */
export function logUnhandledRejections(logger: Logger): void {
  process.on("unhandledRejection", (reason: unknown) => {
    logger.error(
      reason instanceof Error ? { err: reason } : { reason: shown(reason) },
      "unhandled promise rejection",
    );
  });
}
