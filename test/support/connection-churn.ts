/**
 * A child program for pinned-statements.test.ts: opens, uses and closes 2,000 connections per round, with
 * a short idle between rounds, for at least `ms` milliseconds and at least `min` connections. On Node ≥
 * 24.19 with better-sqlite3 12 an unpinned run aborts in most runs (when V8 collects a connection outside
 * a JavaScript context); a pinned run must print "survived <count> connections" and exit 0.
 *
 *   node --import tsx test/support/connection-churn.ts pinned|unpinned [ms] [min]
 */
import Database from "better-sqlite3";
import { pinStatements } from "../../src/store/pinned-statements.js";

const pinned = process.argv[2] === "pinned";
const ms = Number(process.argv[3] ?? 1500);
const min = Number(process.argv[4] ?? 0);
const pin = (db: Database.Database) => (pinned ? pinStatements(db) : db);
const started = Date.now();
let opened = 0;

function churn(): void {
  for (let i = 0; i < 2_000; i++) {
    const db = pin(new Database(":memory:"));
    db.prepare("select ? as n").get(i);
    db.close();
    opened++;
  }
  if (Date.now() - started < ms || opened < min) setTimeout(churn, 50);
  else console.log(`survived ${opened} connections`);
}

churn();
