/** The readable retune report: a table per category, the pool, before → after, and the plain words. */
import { POOL_ID } from "../decide/tune.js";
import { percent } from "../decide/tune-summary.js";
import type { CategoryReport, TuneReport } from "../decide/tune-types.js";

const num = (n: number) => n.toLocaleString("en-US");
const pct = (x: number | null) => (x === null ? "—" : percent(x));

/** Numbers right-aligned; the columns in `left` (names, words) left-aligned. */
function table(headers: string[], rows: string[][], left: ReadonlySet<number> = new Set([0])): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (left.has(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

function categoryRow(c: CategoryReport): string[] {
  const threshold = c.threshold === null ? "review" : c.threshold.toFixed(4);
  const bound = c.threshold === null ? "—" : c.pooled ? "pooled" : pct(c.lowerBound);
  return [
    c.category,
    num(c.n),
    num(c.routed),
    num(c.errors),
    pct(c.precision),
    bound,
    threshold,
    percent(c.coverage),
    c.threshold === null ? (c.note ?? "") : "",
  ];
}

const SOURCE_NAMES: Record<string, string> = {
  file: "the file",
  reaction: "reactions",
  review: "review clicks",
  audit: "the random audit",
  cli: "the command line",
  import: "hand-labelled history",
};

/** "120 review clicks: 118 counted, 2 left out" — how each source's labels were used. */
function useLines(report: TuneReport): string[] {
  const use = report.use;
  if (!use) return [];
  const lines = Object.entries(use.bySource).map(([source, u]) => {
    const parts = [
      u.sample > 0 ? `${num(u.sample)} as a random sample of their messages` : "",
      u.knownErrors > 0 ? `${num(u.knownErrors)} as known errors` : "",
      u.ignored > 0
        ? `${num(u.ignored)} left out (confirmations, routed outside the audit, too much 'other')`
        : "",
    ].filter(Boolean);
    return `  ${SOURCE_NAMES[source] ?? source}: ${num(u.labels)} label${u.labels === 1 ? "" : "s"} — ${parts.join(", ")}`;
  });
  const strata = use.byStratum.map(
    (s) => `${s.stratum}: ${num(s.records)} (${num(s.labels)} labelled, ${num(s.used)} used)`,
  );
  return [
    "How the labels were used:",
    ...lines,
    `  messages by how they were decided — ${strata.join("; ")}`,
    "",
  ];
}

export function formatRetuneReport(report: TuneReport): string {
  const out: string[] = [];
  const sources = Object.entries(report.sources)
    .map(([s, n]) => `${num(n)} from ${SOURCE_NAMES[s] ?? s}`)
    .join(", ");
  const records = report.recordCount ?? report.labelCount;
  const unlabelled = records > report.labelCount ? ` of ${num(records)} messages` : " messages";
  out.push(
    `Retune from ${num(report.labelCount)} labelled${unlabelled} (${sources || "none"}): ` +
      `target ${percent(report.target)} precision, confidence ${percent(report.confidence)}.`,
  );
  out.push(
    "Every label certifies: thresholds come from a fixed grid and the walks start where the counts say, " +
      `never where the labels look good (a group needs at least ${report.labelsNeeded ?? "?"} labels, all correct, to certify).`,
  );
  out.push("");
  const rows = [...report.categories].sort((a, b) => b.n - a.n || a.category.localeCompare(b.category));
  out.push(
    ...table(
      [
        "category",
        "labels",
        "routed",
        "errors",
        "precision",
        "lower bound",
        "threshold",
        "coverage",
        "why review",
      ],
      rows.map(categoryRow),
      new Set([0, 8]),
    ),
  );
  out.push("");
  for (const g of report.groups ?? []) {
    const who = g.id === POOL_ID ? `pooled (${g.categories.length} areas share one threshold)` : g.id;
    const result =
      g.threshold === null
        ? `not certified${g.stoppedAt ? ` — the test at ${g.stoppedAt.threshold.toFixed(4)} failed with ${g.stoppedAt.errors} of ${num(g.stoppedAt.n)} labels wrong` : ""}`
        : `threshold ${g.threshold.toFixed(4)}: ${num(g.n)} labels at or above it, ${num(g.errors)} wrong, precision ≥ ${pct(g.lowerBound)}`;
    out.push(
      `  ${who}: ${result} (δ ${g.delta.toPrecision(2)}, ${g.tested} threshold${g.tested === 1 ? "" : "s"} tested)`,
    );
  }
  if ((report.groups ?? []).length > 0) out.push("");
  out.push(...useLines(report));
  for (const need of report.needs ?? []) out.push(`To certify ${need.sentence}.`);
  if ((report.needs ?? []).length > 0) out.push("");
  out.push(
    ...table(
      [records > report.labelCount ? "all messages" : "all labelled", "before", "after"],
      [
        ["routed", num(report.before.routed), num(report.after.routed)],
        ["coverage", percent(report.before.coverage), percent(report.after.coverage)],
        ["precision", pct(report.before.precision), pct(report.after.precision)],
      ],
    ),
  );
  out.push("");
  out.push(report.summary);
  if (report.guarantee) out.push(report.guarantee);
  return out.join("\n");
}
