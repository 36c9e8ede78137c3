/**
 * SQL reaches the database (SQLite or Postgres) only through drizzle's query builder (values bound as
 * parameters) or its `sql` tag (interpolations bound as parameters too). This reads every source file and
 * fails on what could splice text into SQL: `sql.raw`, driver calls (`exec`, `prepare`, `pragma`, `run`,
 * `all`…) outside a short allowlist of constant statements, and SQL-looking strings built by concatenation
 * or template interpolation.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../src");
/** Lines of code the check must flag, and lines it must not (kept as data: they hold `${…}` in strings). */
const EXAMPLES = join(import.meta.dirname, "../fixtures/sql-safety-examples.json");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Driver calls that are allowed, each a constant statement, with why. Each must match from the call's receiver. */
const ALLOWED_DRIVER_CALLS: Record<string, RegExp[]> = {
  "store/sqlite-store.ts": [
    // Pragmas set at open; busy_timeout is a number clamped with Math.trunc, not text from anywhere.
    /client\.pragma\("[a-z_]+ = [A-Z0-9]+"\)/,
    /client\.pragma\(`busy_timeout = \$\{Math\.max\(0, Math\.trunc\([^`]*\)\)\}`\)/,
    // The store's own transactions around an awaited callback (drizzle's are synchronous on SQLite).
    /client\.exec\("(BEGIN IMMEDIATE|COMMIT|ROLLBACK)"\)/,
    // How many migrations are applied: constant text in the sql tag.
    /db\.all(?:<[^>(]*>)?\(sql`select count\(\*\) as n from __drizzle_migrations`\)/,
  ],
};

// `.prepare()` with no argument is drizzle's (a built query, parameters bound later); with one it is SQL text.
// drizzle's raw `db.all(…)` & co. may carry a row type: `db.all<{ n: number }>(…)`.
const DRIVER_CALL =
  /\.(exec|pragma)\(|\.(prepare)\((?!\))|\$client\.(run|all|get)\(|\bdb\.(run|all|get|values)(?:<[^>(]*>)?\(/g;
const SQL_WORDS = /\b(select|insert|update|delete|pragma|create|drop|alter)\b/i;

function findings(file: string, text: string): string[] {
  const out: string[] = [];
  if (/\bsql\.raw\(/.test(text)) out.push(`${file}: sql.raw`);
  for (const line of text.split("\n")) {
    for (const match of line.matchAll(DRIVER_CALL)) {
      // The allowlist entry must describe this very call (from its receiver on), not another on the line.
      const before = line.slice(0, match.index);
      const call = line.slice(before.length - (/[\w$]*$/.exec(before)?.[0].length ?? 0));
      const allowed = (ALLOWED_DRIVER_CALLS[file] ?? []).some((re) =>
        new RegExp(`^(?:${re.source})`).test(call),
      );
      // Regular expressions' own .exec() is not SQL.
      const regexExec = match[1] === "exec" && /\/[^/]+\/[gimsuy]*\.exec\(|[A-Z_]+\.exec\(/.test(line);
      if (!allowed && !regexExec) out.push(`${file}: driver call: ${line.trim()}`);
    }
    // A template literal or concatenation that looks like SQL and splices something in (not the sql tag).
    for (const tpl of line.matchAll(/(?<!sql)`([^`]*\$\{[^`]*)`/g)) {
      if (
        SQL_WORDS.test(tpl[1]?.replace(/\$\{[^}]*\}/g, "") ?? "") &&
        /\b(from|into|set|where|table)\b/i.test(tpl[1] ?? "")
      ) {
        out.push(`${file}: SQL built from a template: ${line.trim()}`);
      }
    }
    if (
      /("[^"]*\b(select|insert into|update|delete from)\b[^"]*"|'[^']*\b(select|insert into|update|delete from)\b[^']*')\s*\+/i.test(
        line,
      )
    ) {
      out.push(`${file}: SQL built by concatenation: ${line.trim()}`);
    }
  }
  return out;
}

describe("SQL only through drizzle", () => {
  it("no source file builds SQL text or calls the driver outside the allowlist", () => {
    const problems = sourceFiles(SRC).flatMap((path) =>
      findings(relative(SRC, path).split("\\").join("/"), readFileSync(path, "utf8")),
    );
    expect(problems).toEqual([]);
  });

  it("the check itself catches each way of splicing text into SQL", () => {
    const { bad, fine } = JSON.parse(readFileSync(EXAMPLES, "utf8")) as { bad: string[]; fine: string[] };
    for (const line of bad) expect([line, findings("x.ts", line).length > 0]).toEqual([line, true]);
    for (const line of fine) expect([line, findings("x.ts", line)]).toEqual([line, []]);
  });
});
