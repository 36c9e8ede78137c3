/**
 * Runs `triage` as a real child process (node + tsx on the sources), in a temp directory so no `.env`
 * leaks in, with only the environment the test gives. Asynchronous, so loopback fakes in the test process
 * keep answering while the child runs.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = fileURLToPath(new URL("../../src/cli/bin.ts", import.meta.url));
const TSX = pathToFileURL(
  fileURLToPath(new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url)),
).href;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The child itself, for a test that drives its pipes. */
export function spawnTriage(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, ["--import", TSX, BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function runTriage(args: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnTriage(args, env, cwd);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export { ROOT };
