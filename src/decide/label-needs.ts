/**
 * The way to the first certificate: for each area (or the pool) still in review, how many more correct
 * labels at or above which score would certify the target — found by running the same certification
 * with those labels added, so a retune given them certifies (that threshold or a looser one).
 *
 * The labels added are review clicks on cards the bot sent to review (rows of a file, for `retune
 * --from`). Where messages are routed, labels come only from the audit: about 1 / audit_rate routed
 * messages per label.
 */
import { labelsNeeded } from "./binomial.js";
import { type Certification, certifyRecords } from "./certify-layouts.js";
import { countEvidence } from "./evidence.js";
import { THRESHOLD_GRID } from "./grid.js";
import { walkGroup } from "./group-walk.js";
import { type Design, type Item, idDraw } from "./record-use.js";
import { testRegion } from "./region-test.js";
import type { GroupReport, LabelNeed, TuneOptions, TuneRecord } from "./tune-types.js";

/** Thresholds tried per group (the most promising by a quick estimate) and the most labels ever suggested. */
const CANDIDATES = 3;
const MAX_FACTOR = 40;

/** 0.7 → "0.70", 0.945 → "0.945". */
export function formatThreshold(t: number): string {
  const two = t.toFixed(2);
  return Math.abs(Number(two) - t) < 1e-9 ? two : String(+t.toFixed(5));
}

function who(group: GroupReport): string {
  if (!group.pooled || group.categories.length === 1) return group.categories.join("");
  const shown = group.categories.slice(0, 3).join(", ");
  const more = group.categories.length > 3 ? ` and ${group.categories.length - 3} more` : "";
  return `pooled areas (${shown}${more})`;
}

/** Live records are labelled by review clicks; a file by more rows. */
const reviewed = (design: Design) => design.strata.some((s) => s.name === "review");

/** `more` correct labels at exactly `threshold` on the group's first area. */
function correctLabels(design: Design, group: GroupReport, threshold: number, more: number): TuneRecord[] {
  const id = group.categories[0] as string;
  const live = reviewed(design);
  return Array.from({ length: more }, (_, i) => ({
    id: `needs-${i}`,
    probs: { [id]: threshold },
    other: 0,
    decision: live ? "review" : null,
    audit: false,
    auditRate: 0,
    label: id,
    labelSource: live ? "review" : "file",
  }));
}

/** The same labels as items, and the design as it would be with them. */
function withLabels(cert: Certification, group: GroupReport, threshold: number, more: number) {
  const name = reviewed(cert.use.design) ? "review" : "sample";
  const strata = cert.use.design.strata.map((s) => ({ ...s }));
  let index = strata.findIndex((s) => s.name === name);
  if (index < 0) {
    strata.push({ name, records: 0, sampled: 0, rate: 0 });
    strata.sort((a, b) => a.name.localeCompare(b.name));
    index = strata.findIndex((s) => s.name === name);
  }
  const renumber = cert.use.design.strata.map((s) => strata.findIndex((t) => t.name === s.name));
  const target = strata[index] as Design["strata"][number];
  target.records += more;
  target.sampled += more;
  target.rate = target.sampled / target.records;
  const top = group.categories[0] as string;
  const items: Item[] = group.categories.flatMap((id) =>
    (cert.itemsOf.get(id) ?? []).map((it) => ({ ...it, stratum: renumber[it.stratum] ?? it.stratum })),
  );
  for (let i = 0; i < more; i++) {
    const draw = idDraw(`needs-${i}`);
    items.push({ top, score: threshold, stratum: index, sampled: true, wrong: false, known: false, draw });
  }
  return { items, design: { strata } };
}

/** Grid indices worth trying: few wrong so far, ranked by how few labels a rough estimate says they need. */
function candidates(cert: Certification, group: GroupReport): { index: number; estimate: number }[] {
  const items = group.categories.flatMap((id) => cert.itemsOf.get(id) ?? []);
  const evidence = countEvidence(items, THRESHOLD_GRID, cert.use.design);
  const level = group.delta * 0.5;
  const out: { index: number; estimate: number }[] = [];
  let previous = -1;
  for (let j = 0; j < THRESHOLD_GRID.length; j++) {
    const counts = evidence.at(j);
    const region = testRegion(counts, cert.use.design, cert.alpha, level);
    if (region.n === previous) continue;
    previous = region.n;
    // More labels "of the same quality" only help where the labels so far are right often enough.
    if (region.n === 0 || region.errors > (region.n * cert.alpha) / 2) continue;
    const estimate = Math.max(
      1,
      labelsNeeded(cert.alpha, level, region.errors) - region.n,
      Math.ceil((region.errors + 1) / cert.alpha - region.n),
    );
    out.push({ index: j, estimate });
  }
  if (out.length === 0) {
    out.push({ index: THRESHOLD_GRID.length - 1, estimate: labelsNeeded(cert.alpha, level, 0) });
  }
  return out.sort((a, b) => a.estimate - b.estimate || b.index - a.index).slice(0, CANDIDATES);
}

/** Fewest correct labels at `threshold` that make the group's walk certify it (or looser); null past `max`. */
function fewestFor(
  cert: Certification,
  group: GroupReport,
  threshold: number,
  start: number,
  max: number,
): number | null {
  const certifies = (more: number) => {
    const { items, design } = withLabels(cert, group, threshold, more);
    const walk = walkGroup(items, design, cert.alpha, group.delta);
    return walk.threshold !== null && walk.threshold <= threshold;
  };
  let lo = 0;
  let hi = Math.max(1, Math.floor(start / 2));
  while (!certifies(hi)) {
    lo = hi;
    hi = Math.ceil(hi * 1.5);
    if (hi > max) return null;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (certifies(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The whole retune with `more` labels added: does every area of the group route at `threshold`? */
function retuneCertifies(
  records: readonly TuneRecord[],
  opts: TuneOptions,
  cert: Certification,
  group: GroupReport,
  threshold: number,
  more: number,
): boolean {
  const t = certifyRecords(
    [...records, ...correctLabels(cert.use.design, group, threshold, more)],
    opts,
  ).thresholds;
  return group.categories.every((id) => {
    const own = t.categories[id];
    return own !== null && own !== undefined && own <= threshold;
  });
}

export function needFor(
  records: readonly TuneRecord[],
  opts: TuneOptions,
  cert: Certification,
  group: GroupReport,
): LabelNeed | null {
  const max = MAX_FACTOR * labelsNeeded(cert.alpha, cert.delta);
  let best: { threshold: number; more: number } | null = null;
  for (const c of candidates(cert, group)) {
    const threshold = THRESHOLD_GRID[c.index] as number;
    let more = fewestFor(cert, group, threshold, c.estimate, max);
    // A retune may lay the areas out differently once they have more labels; it has the last word.
    while (more !== null && !retuneCertifies(records, opts, cert, group, threshold, more)) {
      more = more >= max ? null : Math.ceil(more * 1.2);
    }
    if (
      more !== null &&
      (best === null || more < best.more || (more === best.more && threshold < best.threshold))
    ) {
      best = { threshold, more };
    }
  }
  if (!best) return null;
  const at = best.threshold > 0 ? `at ≥ ${formatThreshold(best.threshold)}` : "at any score";
  const pct = `${+(opts.target * 100).toFixed(1)}%`;
  return {
    id: group.id,
    categories: group.categories,
    threshold: best.threshold,
    more: best.more,
    target: opts.target,
    sentence: `${who(group)}: ${best.more} more correct label${best.more === 1 ? "" : "s"} ${at} would certify ${pct}`,
  };
}

/** Per area or pool that certifies nothing: what would. Areas with no record at all are not listed. */
export function labelNeeds(records: readonly TuneRecord[], opts: TuneOptions): LabelNeed[] {
  const cert = certifyRecords(records, opts);
  return needsOf(records, opts, cert);
}

export function needsOf(records: readonly TuneRecord[], opts: TuneOptions, cert: Certification): LabelNeed[] {
  return cert.groups
    .filter((g) => g.threshold === null)
    .map((g) => needFor(records, opts, cert, g))
    .filter((n): n is LabelNeed => n !== null);
}
