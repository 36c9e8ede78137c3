/**
 * Retune with a guarantee: thresholds under which auto-routed messages are right at least `target` of
 * the time, with confidence `confidence`, certified on labels (README, "Thresholds that learn").
 *
 * - Each labelled message counts for its top category, and only when `other` is below the cut-off —
 *   exactly the messages decide() could route.
 * - Labels are split at random (per category, reproducibly): a tuning share only places the grid of
 *   candidate thresholds; the rest certify it with a fixed-sequence walk and exact binomial tests.
 * - A category with enough held-out labels gets its own threshold; the others share one pooled
 *   threshold. δ is split evenly across these groups, so every certified group holds at once — and
 *   with it the precision of all auto-routed messages together.
 * - Anything not certified gets `null`: keep reviewing.
 */
import type { Thresholds } from "../config.js";
import { TriageError } from "../errors.js";
import { labelsNeeded } from "./binomial.js";
import { certifyChains } from "./certify.js";
import { topCategory } from "./decision.js";
import { planChains } from "./grid-plan.js";
import { operatingPoint } from "./metrics.js";
import { choosePartition, type Point, type Split, sortPoints } from "./partition.js";
import { hashString, seededRandom, splitTwo } from "./split.js";
import { categoryNote, guaranteeSentence, summarySentence } from "./tune-summary.js";
import type { CategoryReport, GroupReport, LabelledScore, TuneOptions, TuneReport } from "./tune-types.js";

export const DEFAULT_TUNING_SHARE = 0.2;
export const POOL_ID = "(pooled)";

function check(opts: TuneOptions): void {
  const inOpenUnit = (x: number) => Number.isFinite(x) && x > 0 && x < 1;
  if (!inOpenUnit(opts.target)) throw new TriageError(`target must be between 0 and 1 (got ${opts.target})`);
  if (!inOpenUnit(opts.confidence)) {
    throw new TriageError(`confidence must be between 0 and 1 (got ${opts.confidence})`);
  }
  const share = opts.tuningShare ?? DEFAULT_TUNING_SHARE;
  if (!(share >= 0 && share < 1)) throw new TriageError(`tuningShare must be in [0, 1) (got ${share})`);
}

/** A category gets its own threshold once it has this many held-out labels; below, it is pooled. */
export function minOwnLabels(alpha: number, delta: number): number {
  return Math.max(30, 4 * labelsNeeded(alpha, delta));
}

export function tune(rows: readonly LabelledScore[], opts: TuneOptions): TuneReport {
  check(opts);
  const alpha = 1 - opts.target;
  const delta = 1 - opts.confidence;
  const share = opts.tuningShare ?? DEFAULT_TUNING_SHARE;
  const seed = opts.seed ?? 1;
  const categories = [...new Set(opts.categories)];

  const predicted = new Map<string, { n: number; points: Point[] }>();
  for (const id of categories) predicted.set(id, { n: 0, points: [] });
  const sources: Record<string, number> = {};
  for (const row of rows) {
    const source = row.source ?? "unknown";
    sources[source] = (sources[source] ?? 0) + 1;
    const { top, topProb } = topCategory(row.probs);
    const entry = top === null ? undefined : predicted.get(top);
    if (!entry) continue;
    entry.n++;
    if (row.other < opts.current.other) entry.points.push({ score: topProb, wrong: row.label !== top });
  }

  const parts = new Map<string, Split>();
  for (const id of categories) {
    const { tuning, rest } = splitTwo(
      predicted.get(id)?.points ?? [],
      share,
      seededRandom(hashString(id, seed)),
    );
    parts.set(id, { tuning, cert: rest });
  }
  const { own, pooled } = choosePartition(categories, parts, alpha, delta, minOwnLabels(alpha, delta));
  const members = [...own.map((id) => ({ id, pooled: false, categories: [id] }))];
  if (pooled.length > 0) members.push({ id: POOL_ID, pooled: true, categories: pooled });
  const groupDelta = delta / Math.max(1, members.length);

  const groups: GroupReport[] = members.map((m) => {
    const tuning = m.categories.flatMap((id) => parts.get(id)?.tuning ?? []);
    const cert = m.categories.flatMap((id) => parts.get(id)?.cert ?? []);
    const chains = planChains(sortPoints(tuning), cert.length, alpha, groupDelta);
    const { chain: _chain, ...walk } = certifyChains(sortPoints(cert), chains, alpha, groupDelta);
    return { ...m, tuningRows: tuning.length, certRows: cert.length, delta: groupDelta, ...walk };
  });

  const groupOf = new Map<string, GroupReport>();
  for (const g of groups) for (const id of g.categories) groupOf.set(id, g);
  const thresholds: Thresholds = {
    default: null,
    other: opts.current.other,
    categories: Object.fromEntries(categories.map((id) => [id, groupOf.get(id)?.threshold ?? null])),
  };

  const before = operatingPoint(rows, opts.current);
  const after = operatingPoint(rows, thresholds);
  const needed = labelsNeeded(alpha, groupDelta);
  const categoryReports: CategoryReport[] = categories.map((id) => {
    const g = groupOf.get(id);
    const n = predicted.get(id)?.n ?? 0;
    const counts = after.perCategory.get(id) ?? { routed: 0, correct: 0 };
    const threshold = g?.threshold ?? null;
    return {
      category: id,
      n,
      routed: counts.routed,
      errors: counts.routed - counts.correct,
      precision: counts.routed === 0 ? null : counts.correct / counts.routed,
      lowerBound: threshold === null ? null : (g?.lowerBound ?? null),
      threshold,
      coverage: n === 0 ? 0 : counts.routed / n,
      pooled: g?.pooled ?? false,
      certified: g && threshold !== null ? { n: g.n, errors: g.errors } : null,
      note: categoryNote(id, n, predicted.get(id)?.points.length ?? 0, g, alpha),
    };
  });

  const report: TuneReport = {
    thresholds,
    categories: categoryReports,
    before: { coverage: before.coverage, precision: before.precision, routed: before.routed },
    after: { coverage: after.coverage, precision: after.precision, routed: after.routed },
    labelCount: rows.length,
    target: opts.target,
    confidence: opts.confidence,
    sources,
    summary: "",
    groups,
    labelsNeeded: needed,
    tuningRows: groups.reduce((s, g) => s + g.tuningRows, 0),
    certRows: groups.reduce((s, g) => s + g.certRows, 0),
  };
  report.summary = summarySentence(report);
  report.guarantee = guaranteeSentence(report);
  return report;
}
