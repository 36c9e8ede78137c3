/**
 * The process-wide handler in a real child process: a rejection nobody handled is one error line, scrubbed,
 * and the process goes on (it would exit 1 without the handler).
 */
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const TSX = pathToFileURL(
  fileURLToPath(new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url)),
).href;
const src = (file: string) => new URL(`../../src/${file}`, import.meta.url).href;
const SECRET = "LEAKCHECKdbpassword42";

function runChild(
  format: string,
  install: boolean,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `
    import { createLogger } from ${JSON.stringify(src("logger.js"))};
    import { logUnhandledRejections } from ${JSON.stringify(src("ops/unhandled-rejections.js"))};
    const logger = createLogger("info", undefined, "triage", [${JSON.stringify(SECRET)}], ${JSON.stringify(format)});
    if (${install}) logUnhandledRejections(logger);
    Promise.reject(new Error("database gone: postgres://triage:${SECRET}@db/triage xoxb-1-2-abc"));
    Promise.reject("a bare string");
    setTimeout(() => process.stdout.write("still alive\\n"), 100);
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX, "--input-type=module", "-e", script], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("unhandled promise rejections", () => {
  it("are logged at error level, scrubbed, and the process stays up (text)", async () => {
    const { code, stdout, stderr } = await runChild("text", true);
    expect(code).toBe(0);
    expect(stdout).toBe("still alive\n");
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /Z ERROR \[triage\] unhandled promise rejection err="Error: database gone: postgres:\/\/\[redacted\]@db\/triage xoxb-\[redacted\]"$/,
    );
    expect(lines[1]).toMatch(/Z ERROR \[triage\] unhandled promise rejection reason="a bare string"$/);
    expect(stderr).not.toContain(SECRET);
  });

  it("carry the stack in JSON lines, scrubbed too", async () => {
    const { code, stderr } = await runChild("json", true);
    expect(code).toBe(0);
    expect(stderr).not.toContain(SECRET);
    const [first, second] = stderr
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(first).toMatchObject({ level: "error", logger: "triage", msg: "unhandled promise rejection" });
    expect(first.err).toMatchObject({ type: "Error", message: expect.stringContaining("[redacted]@db") });
    expect(first.err.stack).toContain("database gone");
    expect(second).toMatchObject({ level: "error", reason: "a bare string" });
  });

  it("end the process without the handler (what it prevents)", async () => {
    const { code, stdout, stderr } = await runChild("text", false);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    // Node's own crash report names the rejection: the child got as far as rejecting (an import that
    // failed would also exit 1, with another message).
    expect(stderr).toContain("Error: database gone");
  });
});
