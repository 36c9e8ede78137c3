/** What a CLI command may touch: output streams and whether to show debug detail. Tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Progress lines (overwritten in place on a terminal). */
  progress(text: string): void;
  isTTY: boolean;
  debug: boolean;
}

export function processIo(debug = false): CliIo {
  const isTTY = Boolean(process.stderr.isTTY);
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    progress: (text) => {
      if (isTTY) process.stderr.write(`\r\x1b[2K${text}`);
    },
    isTTY,
    debug,
  };
}
