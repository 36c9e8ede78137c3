/** A real SQLite file in a fresh temp dir, migrated with the real migrations. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, openDb } from "../../src/db/open.js";

export interface TestDb {
  dir: string;
  path: string;
  db: Db;
  /** Opens the same file again (as a restarted bot would). */
  reopen(): Db;
  cleanup(): void;
}

export function tempDir(prefix = "triage-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testDb(): TestDb {
  const dir = tempDir("triage-db-");
  const path = join(dir, "triage.db");
  const opened: Db[] = [openDb(path)];
  return {
    dir,
    path,
    db: opened[0] as Db,
    reopen() {
      const db = openDb(path);
      opened.push(db);
      return db;
    },
    cleanup() {
      for (const db of opened) if (db.$client.open) db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
