/**
 * Retune with a guarantee: thresholds under which the messages the bot routes on its own are right at
 * least `target` of the time, with confidence `confidence` (docs/retune-method.md;
 * docs/retune-method.md has the argument).
 *
 * - Every record counts for its top category, and only when `other` is below the cut-off — exactly the
 *   messages decide() could route. What a record proves depends on how its label was collected
 *   (record-use.ts): review cards are a census, the audit a random sample of routed messages, a
 *   backfill's or a file's labelled rows a random sample of the channel; confirmations never count.
 * - All labels certify; none is spent on choosing where to look. The thresholds tried are fixed in
 *   advance (grid.ts) and the fallback walk's shares of δ are placed from counts alone (entry-plan.ts).
 * - Areas share one pooled threshold; an area with many labels may also have its own (layout.ts).
 * - Anything not certified gets `null`: keep reviewing. For those, `needs` says what would certify.
 */
import { labelsNeeded } from "./binomial.js";
import { type Certification, certifyRecords } from "./certify-layouts.js";
import { needsOf } from "./label-needs.js";
import { type RecordsPoint, recordsPoint } from "./record-metrics.js";
import { sampleRecord } from "./record-use.js";
import { categoryNote, guaranteeSentence, summarySentence } from "./tune-summary.js";
import type { CategoryReport, LabelledScore, TuneOptions, TuneRecord, TuneReport } from "./tune-types.js";

export { POOL_ID } from "./layout.js";

function categoryReports(cert: Certification, after: RecordsPoint["perCategory"]): CategoryReport[] {
  const groupOf = new Map(cert.groups.flatMap((g) => g.categories.map((id) => [id, g] as const)));
  return cert.categories.map((id) => {
    const g = groupOf.get(id);
    const counts = after.get(id) ?? { records: 0, labelled: 0, routed: 0, correct: 0, wrong: 0 };
    const threshold = g?.threshold ?? null;
    const judged = counts.correct + counts.wrong;
    return {
      category: id,
      n: counts.labelled,
      messages: counts.records,
      routed: counts.routed,
      errors: counts.wrong,
      precision: judged === 0 ? null : counts.correct / judged,
      lowerBound: threshold === null ? null : (g?.lowerBound ?? null),
      threshold,
      coverage: counts.records === 0 ? 0 : counts.routed / counts.records,
      pooled: g?.pooled ?? false,
      certified: g && threshold !== null ? { n: g.n, errors: g.errors } : null,
      note: categoryNote(id, counts.records, cert.itemsOf.get(id)?.length ?? 0, g, cert.alpha),
    };
  });
}

/** Certifies thresholds from every classification under the current prompt, labelled or not. */
export function tuneRecords(records: readonly TuneRecord[], opts: TuneOptions): TuneReport {
  const cert = certifyRecords(records, opts);
  const before = recordsPoint(records, opts.current);
  const after = recordsPoint(records, cert.thresholds);
  const sources: Record<string, number> = {};
  for (const [source, use] of Object.entries(cert.use.bySource)) sources[source] = use.labels;
  const report: TuneReport = {
    thresholds: cert.thresholds,
    categories: categoryReports(cert, after.perCategory),
    before: { coverage: before.coverage, precision: before.precision, routed: before.routed },
    after: { coverage: after.coverage, precision: after.precision, routed: after.routed },
    labelCount: records.filter((r) => r.label !== null).length,
    recordCount: records.length,
    target: opts.target,
    confidence: opts.confidence,
    sources,
    summary: "",
    groups: cert.groups,
    labelsNeeded: labelsNeeded(cert.alpha, cert.delta),
    use: { bySource: cert.use.bySource, byStratum: cert.use.byStratum },
    needs: needsOf(records, opts, cert),
  };
  report.summary = summarySentence(report);
  report.guarantee = guaranteeSentence(report);
  return report;
}

/**
 * Labelled scores without the story of how they were collected (the contract before records): each label
 * counts as a random sample of the channel, whatever its `source` says, as it always did. The bot's
 * retune should give `tuneRecords` its records instead, so the certificate holds for routed traffic.
 */
export function tune(rows: readonly LabelledScore[], opts: TuneOptions): TuneReport {
  const report = tuneRecords(
    rows.map((r, i) => sampleRecord({ ...r, source: "file" }, String(i))),
    opts,
  );
  const sources: Record<string, number> = {};
  for (const r of rows) sources[r.source ?? "file"] = (sources[r.source ?? "file"] ?? 0) + 1;
  return {
    ...report,
    sources: Object.fromEntries(Object.entries(sources).sort(([a], [b]) => a.localeCompare(b))),
  };
}
