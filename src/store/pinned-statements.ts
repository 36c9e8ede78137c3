/**
 * Keeps every native object better-sqlite3 makes reachable for the life of the process.
 *
 * better-sqlite3 12 on Node ≥ 24.19 aborts the process when V8 collects one of its native objects (a
 * connection, a statement, an iterator) while no JavaScript context is entered, as V8's scheduled GC tasks
 * do: node::ObjectWrap's destructor calls RemoveEnvironmentCleanupHook, which needs one
 * (WiseLibs/better-sqlite3#1515; 13 fixes it but does not run on Node 20). drizzle prepares a new statement
 * for every query it has not prepared before, so the heap always held collectible statements.
 *
 * So a pinned connection compiles each distinct SQL text once and hands out light wrappers over that one
 * statement; the connection itself is never released. Memory is bounded by the number of query shapes
 * (drizzle binds values as parameters) and the number of connections opened, both small — as long as no
 * SQL text depends on the data: a list of ids in `inArray(col, ids)` or a multi-row insert makes a new
 * statement per length, so queries use a subquery instead. `db.backup()` makes a native object this does
 * not pin; nothing here uses it.
 */
import { createRequire } from "node:module";
import type Database from "better-sqlite3";

/** The symbol under which better-sqlite3's JS connection holds its native one (lib/util.js). */
const { cppdb } = createRequire(import.meta.url)("better-sqlite3/lib/util.js") as { cppdb: symbol };

interface NativeConnection {
  readonly open: boolean;
  /** Every statement better-sqlite3 makes goes through here: prepare(), pragma() and transactions. */
  prepare(source: string, database: Database.Database, pragmaMode: boolean): Database.Statement;
}

type Mode = "objects" | "raw" | "pluck" | "expand";

/** One compiled statement and the row mode last set on it. */
interface Shared {
  stmt: Database.Statement;
  mode: Mode;
}

interface Pinned {
  statements: Map<string, Shared>;
  /** How many times the driver compiled a statement on this connection. */
  compiled: number;
}

/** Never emptied: releasing a connection would let V8 collect it and its statements. */
const pinned = new Map<Database.Database, Pinned>();

/**
 * One user's handle on a shared statement. Row modes (raw/pluck/expand) and bound parameters belong to the
 * handle and are applied to the statement just before it reads, so two handles on the same SQL (drizzle
 * keeps its prepared queries) cannot see each other's modes.
 */
class PinnedStatement {
  #mode: Mode = "objects";
  #bound: unknown[] | undefined;

  constructor(readonly shared: Shared) {}

  get source(): string {
    return this.shared.stmt.source;
  }
  get reader(): boolean {
    return this.shared.stmt.reader;
  }
  get readonly(): boolean {
    return this.shared.stmt.readonly;
  }
  get busy(): boolean {
    return this.shared.stmt.busy;
  }
  get database(): Database.Database {
    return this.shared.stmt.database;
  }

  run(...params: unknown[]): Database.RunResult {
    return this.shared.stmt.run(...this.#params(params));
  }
  get(...params: unknown[]): unknown {
    return this.#reading().get(...this.#params(params));
  }
  all(...params: unknown[]): unknown[] {
    return this.#reading().all(...this.#params(params));
  }
  /** Reads every row first: a native iterator is one more object that must never be collected. */
  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.all(...params)[Symbol.iterator]();
  }
  columns(): Database.ColumnDefinition[] {
    return this.shared.stmt.columns();
  }

  raw(on = true): this {
    return this.#toggle("raw", on);
  }
  pluck(on = true): this {
    return this.#toggle("pluck", on);
  }
  expand(on = true): this {
    return this.#toggle("expand", on);
  }
  bind(...params: unknown[]): this {
    if (this.#bound) throw new TypeError("The bind() method can only be invoked once per statement object");
    this.#bound = params;
    return this;
  }
  safeIntegers(): this {
    throw new TypeError("safeIntegers() is not supported on a pinned statement: the statement is shared");
  }

  #toggle(mode: Mode, on: boolean): this {
    if (!this.reader) throw new TypeError(`The ${mode}() method is only for statements that return data`);
    this.#mode = on ? mode : this.#mode === mode ? "objects" : this.#mode;
    return this;
  }

  #params(params: unknown[]): unknown[] {
    if (!this.#bound) return params;
    if (params.length > 0) throw new TypeError("This statement already has bound parameters");
    return this.#bound;
  }

  #reading(): Database.Statement {
    const { shared } = this;
    const mode = this.#mode;
    if (shared.mode !== mode) {
      if (mode === "objects") shared.stmt.raw(false).pluck(false).expand(false);
      else shared.stmt[mode](true);
      shared.mode = mode;
    }
    return shared.stmt;
  }
}

/** Pins `client` (see above) and returns it. Call it right after opening, before the first statement. */
export function pinStatements(client: Database.Database): Database.Database {
  if (pinned.has(client)) return client;
  const native = (client as unknown as Record<symbol, NativeConnection | undefined>)[cppdb];
  if (typeof native?.prepare !== "function") {
    throw new TypeError("better-sqlite3's connection no longer has the shape pinStatements expects");
  }
  const prepareNative = native.prepare;
  const state: Pinned = { statements: new Map(), compiled: 0 };
  pinned.set(client, state);
  native.prepare = function prepare(source, database, pragmaMode) {
    // A closed connection or a non-string: the driver's own error.
    if (!native.open || typeof source !== "string")
      return prepareNative.call(native, source, database, pragmaMode);
    const key = `${pragmaMode ? "pragma" : "statement"}:${source}`;
    let shared = state.statements.get(key);
    if (!shared) {
      shared = { stmt: prepareNative.call(native, source, database, pragmaMode), mode: "objects" };
      state.compiled++;
      state.statements.set(key, shared);
    }
    return new PinnedStatement(shared) as unknown as Database.Statement;
  };
  return client;
}

/** How many statements a pinned connection has compiled (one per distinct SQL text); undefined if not pinned. */
export function compiledStatements(client: Database.Database): number | undefined {
  return pinned.get(client)?.compiled;
}
