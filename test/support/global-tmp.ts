/**
 * Vitest global setup: every temp directory a test makes (os.tmpdir() honours TMPDIR, and the test
 * workers and the bots they start inherit it) lands in one folder per run, removed when the run ends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "triage-test-run-"));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
