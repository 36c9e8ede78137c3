/** Progress on stderr: redrawn in place on a terminal; in a log (CI, a pipe), one line every few seconds. */
import type { CliIo } from "./io.js";

/** "12/400 classified · 8.1/s · ETA 48s" */
export function progressLine(done: number, total: number, elapsedMs: number, failed: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = rate > 0 ? Math.ceil((total - done) / rate) : null;
  const eta =
    left === null
      ? "?"
      : left >= 60
        ? `${Math.floor(left / 60)}m${String(left % 60).padStart(2, "0")}s`
        : `${left}s`;
  return `${done}/${total} classified · ${rate.toFixed(1)}/s · ETA ${eta}${failed > 0 ? ` · ${failed} failed` : ""}`;
}

export interface ProgressReporter {
  /** Shows `line` unless one was shown moments ago; `force` shows it anyway (a phase begins or ends). */
  show(line: string, force?: boolean): void;
  /** Clears the line on a terminal, so what follows starts on a clean one. */
  done(): void;
}

export function progressReporter(
  io: CliIo,
  opts: { ttyEveryMs?: number; logEveryMs?: number; now?: () => number } = {},
): ProgressReporter {
  const now = opts.now ?? (() => performance.now());
  const every = io.isTTY ? (opts.ttyEveryMs ?? 100) : (opts.logEveryMs ?? 5_000);
  let last = Number.NEGATIVE_INFINITY;
  let lastLine = "";
  return {
    show(line, force = false) {
      const t = now();
      if (!force && t - last < every) return;
      if (!io.isTTY && line === lastLine) return;
      last = t;
      lastLine = line;
      if (io.isTTY) io.progress(line);
      else io.err(line);
    },
    done() {
      if (io.isTTY) io.progress("");
    },
  };
}
