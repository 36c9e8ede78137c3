/**
 * docs/configuration.md cannot drift from the code: every environment variable (EnvSchema) and every
 * config-file key (TriageConfigSchema), nested ones included, has a row in its table with the default the
 * schema gives it (or "required"), and the tables name no key the schemas do not have.
 *
 * Keys are written in full in the first column: `llm.timeout_ms`, `categories[].route_channel`.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { EnvSchema, TriageConfigSchema } from "../../src/config.js";

const doc = readFileSync("docs/configuration.md", "utf8");

interface Key {
  /** Dotted path; `[]` after an array: `categories[].id`. */
  path: string;
  /** Must be given (when its parent is): no default, not optional. */
  required: boolean;
  /** The default the schema fills in, own or from a parent object's default; undefined = none. */
  fallback: unknown;
}

interface Unwrapped {
  core: z.ZodType;
  optional: boolean;
  fallback: unknown;
}

/** zod 4 wrappers around a key's own schema (`.def.type` names each): peel them, noting defaults. */
function unwrap(schema: z.ZodType): Unwrapped {
  const def = schema.def as unknown as {
    type: string;
    innerType?: z.ZodType;
    defaultValue?: unknown;
    in?: z.ZodType;
    out?: z.ZodType;
  };
  switch (def.type) {
    case "default":
    case "prefault": {
      const inner = unwrap(def.innerType as z.ZodType);
      return { ...inner, fallback: def.defaultValue, optional: false };
    }
    case "optional": {
      const inner = unwrap(def.innerType as z.ZodType);
      return { ...inner, optional: inner.fallback === undefined };
    }
    case "nullable":
    case "readonly":
    case "catch":
      return unwrap(def.innerType as z.ZodType);
    case "pipe": {
      // Env values: optionalString (trim, "" → unset) piped into the real schema, which may hold the default.
      const input = unwrap(def.in as z.ZodType);
      const output = unwrap(def.out as z.ZodType);
      const core = output.core.def.type === "transform" ? input.core : output.core;
      const fallback = output.fallback ?? input.fallback;
      return { core, fallback, optional: fallback === undefined && (input.optional || output.optional) };
    }
    default:
      return { core: schema, optional: false, fallback: undefined };
  }
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | null {
  return schema.def.type === "object" ? (schema as z.ZodObject).shape : null;
}

/** Every key of an object schema, depth first, with arrays of objects entered as `key[]`. */
function keysOf(object: z.ZodType, prefix = "", inherited: unknown = undefined): Key[] {
  const shape = shapeOf(object);
  if (!shape) return [];
  const keys: Key[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const path = `${prefix}${name}`;
    const own = unwrap(schema);
    const fromParent =
      inherited && typeof inherited === "object" ? (inherited as Record<string, unknown>)[name] : undefined;
    const fallback = own.fallback ?? fromParent;
    keys.push({ path, required: !own.optional && fallback === undefined, fallback });
    if (shapeOf(own.core)) keys.push(...keysOf(own.core, `${path}.`, fallback));
    if (own.core.def.type === "array") {
      const element = unwrap((own.core as z.ZodArray<z.ZodType>).element);
      if (shapeOf(element.core)) keys.push(...keysOf(element.core, `${path}[].`));
    }
  }
  return keys;
}

/** The part of the page under a `## heading`, up to the next `## `. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/configuration.md has no '## ${heading}' section`);
  const end = doc.indexOf("\n## ", start + heading.length + 4);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** Table rows whose first cell is one backticked key: key → the row's cells. */
function rows(text: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const key = /^`([^`]+)`$/.exec(cells[1] ?? "")?.[1];
    if (line.startsWith("|") && key) found.set(key, cells.slice(1, -1));
  }
  return found;
}

/** Whether a default column shows `value` (compared without spaces, thousands separators or underscores). */
function shows(cell: string, value: unknown): boolean {
  const squeeze = (text: string) => text.replace(/[\s,_]/g, "");
  const wanted = squeeze(typeof value === "string" ? value : JSON.stringify(value));
  const escaped = wanted.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Whole values only: 1000 is not shown by 10000, nor 0.3 by 0.35.
  return new RegExp(`(?<![\\w.])${escaped}(?![\\w.])`).test(squeeze(cell));
}

/** A default worth comparing: objects are checked through their keys. */
const isScalarOrList = (v: unknown) => v !== undefined && (typeof v !== "object" || Array.isArray(v));

const envKeys = keysOf(EnvSchema);
const fileKeys = keysOf(TriageConfigSchema);
const envRows = rows(section("Environment variables"));
const fileRows = rows(section("Config file keys"));

describe("docs/configuration.md", () => {
  it("the schema walk reaches nested keys (a sanity check of the walk itself)", () => {
    const paths = fileKeys.map((k) => k.path);
    for (const nested of [
      "thresholds.default",
      "post_pacing.per_second",
      "llm.timeout_ms",
      "review_nudge.business_hours.time_zone",
      "categories[].route_channel",
    ]) {
      expect(paths).toContain(nested);
    }
    expect(envKeys.map((k) => k.path)).toContain("DATABASE_URL");
    expect(envKeys.find((k) => k.path === "PORT")?.fallback).toBe(3000);
    expect(fileKeys.find((k) => k.path === "thresholds.other")?.fallback).toBe(0.3);
    expect(fileKeys.find((k) => k.path === "review_channel")?.required).toBe(true);
    expect(fileKeys.find((k) => k.path === "labellers")?.required).toBe(false);
  });

  it("names every environment variable and every config key, nested ones included", () => {
    const named = (path: string) =>
      doc.includes(`\`${path}\``) || doc.includes(`\`${path.replaceAll("[]", "")}\``);
    const missing = [...envKeys, ...fileKeys].map((k) => k.path).filter((path) => !named(path));
    expect(missing, "keys the schemas have but docs/configuration.md does not name").toEqual([]);
  });

  it("gives each key a table row with the schema's default, or says it is required", () => {
    const problems: string[] = [];
    for (const [keys, table] of [
      [envKeys, envRows],
      [fileKeys, fileRows],
    ] as const) {
      for (const key of keys) {
        const row = table.get(key.path);
        if (!row) {
          problems.push(`${key.path}: no table row`);
          continue;
        }
        const cell = row[1] ?? "";
        if (key.required && !cell.includes("required")) {
          problems.push(`${key.path}: required, but its default column says '${cell}'`);
        }
        if (isScalarOrList(key.fallback) && !shows(cell, key.fallback)) {
          problems.push(`${key.path}: default is ${JSON.stringify(key.fallback)}, the page says '${cell}'`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("names no variable or key the schemas do not have", () => {
    const envNames = new Set(envKeys.map((k) => k.path));
    const filePaths = new Set(fileKeys.map((k) => k.path));
    const topLevel = new Set(Object.keys(TriageConfigSchema.shape));
    const unknown = [
      ...[...envRows.keys()].filter((name) => !envNames.has(name)),
      ...[...fileRows.keys()].filter((path) => !filePaths.has(path)),
    ];
    expect(unknown, "rows for keys the code does not read").toEqual([]);
    const unknownTopLevel = [...fileRows.keys()]
      .map((path) => path.split(/[.[]/)[0] as string)
      .filter((name) => !topLevel.has(name));
    expect(unknownTopLevel).toEqual([]);
  });
});
