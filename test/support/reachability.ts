/**
 * A child program for pinned-statements.test.ts: makes connections, statements, pragmas and transactions,
 * closes half of the connections, forces full collections and prints how many of those native objects V8
 * collected, of how many it watched ("collected 0 of 400"). Pinned, that must be 0 on any Node; unpinned
 * it is not, which shows the probe can see it.
 *
 *   node --expose-gc --import tsx test/support/reachability.ts pinned|unpinned
 */
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { pinStatements } from "../../src/store/pinned-statements.js";

const pinned = process.argv[2] === "pinned";
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

let collected = 0;
let watched = 0;
const registry = new FinalizationRegistry(() => collected++);

(function make() {
  for (let i = 0; i < 200; i++) {
    const db = new Database(":memory:");
    if (pinned) pinStatements(db);
    const stmt = db.prepare("select ? as n");
    stmt.get(i);
    db.pragma("user_version");
    db.transaction(() => {})();
    // A pinned handle is a wrapper; the native statement is the one it shares.
    registry.register((stmt as unknown as { shared?: { stmt: object } }).shared?.stmt ?? stmt, "statement");
    registry.register(db, "connection");
    watched += 2;
    if (i % 2) db.close();
  }
})();

for (let round = 0; round < 5; round++) {
  gc();
  await sleep(20);
}
console.log(`collected ${collected} of ${watched}`);
