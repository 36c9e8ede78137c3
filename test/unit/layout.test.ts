/**
 * The one way down through the code (docs/development.md, "Project layout"), kept by reading every import
 * in src/ with the TypeScript parser: listeners hand over to services, the store imports nothing above
 * it, views are pure, and nothing in the product imports the dev fakes or the tests.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const named = node.exportClause;
    return !!named && ts.isNamedExports(named) && named.elements.every((e) => e.isTypeOnly);
  }
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import runs the module
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly);
}

/** Every relative import and re-export in `file`, resolved to a path from the repository root. */
function importsOf(file: string): Edge[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const edges: Edge[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    if (!spec.startsWith(".")) return;
    const to = relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, ".ts");
    edges.push({ from: file, to, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text, isTypeOnly(node));
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const edges = tsFiles("src").flatMap(importsOf);
const under = (dir: string) => (path: string) => path.startsWith(`${dir}/`);

function offenders(from: (p: string) => boolean, allowed: (e: Edge) => boolean): string[] {
  return edges.filter((e) => from(e.from) && !allowed(e)).map((e) => `${e.from} -> ${e.to}`);
}

describe("the import graph of src/", () => {
  it("is read: the parser finds the imports it checks", () => {
    // A reader that found nothing would pass every rule below.
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({
      from: "src/listeners/messages/intake-message.ts",
      to: "src/services/intake.ts",
      typeOnly: false,
    });
    expect(edges.some((e) => e.from.startsWith("src/store/") && e.typeOnly)).toBe(true);
  });

  it("listeners never import the database layer; they hand what Slack sent to a service", () => {
    // The one exception is the type of the handle listeners carry to the services (ListenerDeps.store):
    // a type import compiles to nothing and calls nothing.
    const handle = (e: Edge) =>
      e.from === "src/listeners/deps.ts" && e.to === "src/store/store.ts" && e.typeOnly;
    expect(offenders(under("src/listeners"), (e) => !under("src/store")(e.to) || handle(e))).toEqual([]);
  });

  it("the database layer imports nothing above it (only itself, the named errors, and config types)", () => {
    expect(
      offenders(
        under("src/store"),
        (e) =>
          under("src/store")(e.to) || e.to === "src/errors.ts" || (e.to === "src/config.ts" && e.typeOnly),
      ),
    ).toEqual([]);
  });

  it("services never reach up into listeners or the composition root", () => {
    const above = (p: string) => under("src/listeners")(p) || p === "src/app.ts" || p === "src/bot.ts";
    expect(offenders(under("src/services"), (e) => !above(e.to))).toEqual([]);
  });

  it("Slack views are pure: no listeners, no database calls, no Slack client", () => {
    const io = (p: string) =>
      under("src/listeners")(p) ||
      under("src/store")(p) ||
      (under("src/slack")(p) && !under("src/slack/views")(p) && p !== "src/slack/reactions.ts");
    expect(offenders(under("src/slack/views"), (e) => e.typeOnly || !io(e.to))).toEqual([]);
  });

  it("the pure core (decide/, classify/ parsing) reaches no database, service or Slack code", () => {
    const io = (p: string) =>
      ["src/store", "src/services", "src/listeners", "src/slack"].some((d) => under(d)(p));
    expect(offenders(under("src/decide"), (e) => !io(e.to))).toEqual([]);
  });

  it("the product imports neither the loopback fakes in dev/ nor the tests", () => {
    const devOrTest = (p: string) => under("dev")(p) || under("test")(p);
    expect(offenders(under("src"), (e) => !devOrTest(e.to))).toEqual([]);
  });
});
