/**
 * The way to the first certificate: for each area (or the pool) still in review, how many more correct
 * labels at or above which score would certify the target — found by running the same certification
 * with those labels added, so a retune given them certifies (that threshold or a looser one).
 *
 * The labels come the way that threshold's messages get them: review clicks where the bot sends them
 * to review (rows of a file, for `retune --from`); where it mostly routes them, audit clicks — one per
 * 1 / (audit rate × share of audit cards labelled) routed messages.
 */
import { labelsNeeded } from "./binomial.js";
import { type Certification, certifyRecords } from "./certify-layouts.js";
import { countEvidence, type Evidence } from "./evidence.js";
import { THRESHOLD_GRID } from "./grid.js";
import { walkGroup } from "./group-walk.js";
import { type Design, type Item, idDraw } from "./record-use.js";
import { testRegion } from "./region-test.js";
import type { GroupReport, LabelNeed, TuneOptions, TuneRecord } from "./tune-types.js";

/** Thresholds tried per group (the most promising by a quick estimate) and the most labels ever suggested. */
const CANDIDATES = 3;
/** A threshold is worth more labels when its labels so far are wrong at most this share of what the target allows. */
const SAME_QUALITY = 0.75;
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

/** How new labels reach a threshold: a stratum of the design, at its labelling rate. */
interface Channel {
  via: LabelNeed["via"];
  stratum: string;
  rate: number;
  auditRate: number;
}

/** Where routed records outnumber the others at index j, labels come from the audit; else from review (or a file). */
function channelAt(cert: Certification, evidence: Evidence, j: number): Channel | null {
  const { strata } = cert.use.design;
  const region = evidence.at(j).strata;
  let route = -1;
  let routed = 0;
  let others = 0;
  region.forEach((s, k) => {
    if (strata[k]?.auditRate) {
      routed += s.n;
      if (route < 0 || s.n > (region[route]?.n ?? 0)) route = k;
    } else others += s.n;
  });
  const audited = strata[route];
  if (routed > others && audited) {
    return audited.rate > 0
      ? { via: "audit", stratum: audited.name, rate: audited.rate, auditRate: audited.auditRate }
      : null;
  }
  const live = strata.some((s) => s.name === "review" || s.auditRate > 0);
  return live
    ? { via: "review", stratum: "review", rate: 1, auditRate: 0 }
    : { via: "file", stratum: "sample", rate: 1, auditRate: 0 };
}

/** Records that bring `more` correct labels at `threshold` on the group's first area through `channel`. */
function correctLabels(channel: Channel, group: GroupReport, threshold: number, more: number): TuneRecord[] {
  const id = group.categories[0] as string;
  const total = Math.ceil(more / channel.rate);
  return Array.from({ length: total }, (_, i) => {
    const labelled = i < more;
    const base = { id: `needs-${i}`, probs: { [id]: threshold }, other: 0, auditRate: channel.auditRate };
    if (channel.via === "audit") {
      return {
        ...base,
        decision: "route",
        audit: labelled,
        label: labelled ? id : null,
        labelSource: labelled ? "audit" : null,
      };
    }
    const decision = channel.via === "review" ? "review" : null;
    return { ...base, decision, audit: false, label: id, labelSource: channel.via };
  });
}

/** The same labels as items, and the design as it would be with them. */
function withLabels(
  cert: Certification,
  group: GroupReport,
  channel: Channel,
  threshold: number,
  more: number,
) {
  const strata = cert.use.design.strata.map((s) => ({ ...s }));
  let index = strata.findIndex((s) => s.name === channel.stratum);
  if (index < 0) {
    strata.push({ name: channel.stratum, records: 0, sampled: 0, rate: 0, auditRate: channel.auditRate });
    strata.sort((a, b) => a.name.localeCompare(b.name));
    index = strata.findIndex((s) => s.name === channel.stratum);
  }
  const renumber = cert.use.design.strata.map((s) => strata.findIndex((t) => t.name === s.name));
  const total = Math.ceil(more / channel.rate);
  const target = strata[index] as Design["strata"][number];
  target.records += total;
  target.sampled += more;
  target.rate = target.sampled / target.records;
  const top = group.categories[0] as string;
  const items: Item[] = group.categories.flatMap((id) =>
    (cert.itemsOf.get(id) ?? []).map((it) => ({ ...it, stratum: renumber[it.stratum] ?? it.stratum })),
  );
  for (let i = 0; i < total; i++) {
    const sampled = i < more;
    items.push({
      top,
      score: threshold,
      stratum: index,
      sampled,
      wrong: false,
      known: false,
      draw: idDraw(`needs-${i}`),
    });
  }
  return { items, design: { strata } };
}

/** Grid indices worth trying: few wrong so far, ranked by how few labels a rough estimate says they need. */
function candidates(
  cert: Certification,
  group: GroupReport,
): { index: number; estimate: number; channel: Channel }[] {
  const items = group.categories.flatMap((id) => cert.itemsOf.get(id) ?? []);
  const evidence = countEvidence(items, THRESHOLD_GRID, cert.use.design);
  const level = group.delta * 0.5;
  const out: { index: number; estimate: number; channel: Channel }[] = [];
  let previous = -1;
  for (let j = 0; j < THRESHOLD_GRID.length; j++) {
    const counts = evidence.at(j);
    const region = testRegion(counts, cert.use.design, cert.alpha, level);
    if (region.n === previous) continue;
    previous = region.n;
    // More labels "of the same quality" only help where the labels so far are right often enough.
    if (region.n === 0 || region.errors > region.n * cert.alpha * SAME_QUALITY) continue;
    const channel = channelAt(cert, evidence, j);
    if (!channel) continue;
    const labels = Math.max(
      1,
      labelsNeeded(cert.alpha, level, region.errors) - region.n,
      Math.ceil((region.errors + 1) / cert.alpha - region.n),
    );
    out.push({ index: j, estimate: labels / channel.rate, channel });
  }
  const last = THRESHOLD_GRID.length - 1;
  const fallback = out.length === 0 ? channelAt(cert, evidence, last) : null;
  if (fallback) out.push({ index: last, estimate: labelsNeeded(cert.alpha, level, 0), channel: fallback });
  return out.sort((a, b) => a.estimate - b.estimate || b.index - a.index).slice(0, CANDIDATES);
}

/** Fewest correct labels at `threshold` that make the group's walk certify it (or looser); null past `max`. */
function fewestFor(
  cert: Certification,
  group: GroupReport,
  channel: Channel,
  threshold: number,
  start: number,
  max: number,
): number | null {
  const certifies = (more: number) => {
    const { items, design } = withLabels(cert, group, channel, threshold, more);
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
  group: GroupReport,
  channel: Channel,
  threshold: number,
  more: number,
): boolean {
  const t = certifyRecords([...records, ...correctLabels(channel, group, threshold, more)], opts).thresholds;
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
  let best: { threshold: number; more: number; channel: Channel; messages: number } | null = null;
  for (const { index, estimate, channel } of candidates(cert, group)) {
    const threshold = THRESHOLD_GRID[index] as number;
    let more = fewestFor(cert, group, channel, threshold, estimate * channel.rate, max);
    // A retune may lay the areas out differently once they have more labels; it has the last word.
    while (more !== null && !retuneCertifies(records, opts, group, channel, threshold, more)) {
      more = more >= max ? null : Math.ceil(more * 1.2);
    }
    if (more === null) continue;
    const messages = Math.ceil(more / channel.rate);
    const better =
      !best || messages < best.messages || (messages === best.messages && threshold < best.threshold);
    if (better) best = { threshold, more, channel, messages };
  }
  if (!best) return null;
  const at = best.threshold > 0 ? `at ≥ ${formatThreshold(best.threshold)}` : "at any score";
  const pct = `${+(opts.target * 100).toFixed(1)}%`;
  const labels = `${best.more} more correct ${best.channel.via === "audit" ? "audit " : ""}label${best.more === 1 ? "" : "s"}`;
  const routed = best.channel.via === "audit" ? ` (about ${best.messages} routed messages)` : "";
  return {
    id: group.id,
    categories: group.categories,
    threshold: best.threshold,
    more: best.more,
    via: best.channel.via,
    messages: best.messages,
    target: opts.target,
    sentence: `${who(group)}: ${labels} ${at}${routed} would certify ${pct}`,
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
