/**
 * Vitest global setup: every temp directory a test makes (os.tmpdir() honours TMPDIR, and the test
 * workers and the bots they start inherit it) lands in one folder per run, removed when the run ends.
 * Both test projects list it; the first to run makes the folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  if (process.env.TRIAGE_RUN_TMPDIR) return () => undefined;
  process.env.TRIAGE_SYSTEM_TMPDIR = tmpdir();
  const dir = mkdtempSync(join(tmpdir(), "triage-test-run-"));
  process.env.TMPDIR = dir;
  process.env.TRIAGE_RUN_TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
