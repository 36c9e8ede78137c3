/**
 * What each record can prove about routed traffic, from how its label was collected
 * (docs/retune-method.md, "Labels the bot collects"). Records fall into strata by how they were decided:
 * - review: the bot sent it to review; the review clicks are a sample of these cards;
 * - route @ r%: the bot routed it under audit rate r; only the audit clicks are a sample of these;
 * - sample: no decision (a backfill, a file); its labelled rows are a random sample of the channel.
 * Within a stratum the labelled records count as a random sample of all its records (how many went
 * unlabelled widens the bound). A wrong label outside a sample — a correction by reaction — is a known
 * error: it can only lower a bound. A label that agrees with the bot's top category through a reaction
 * (a ✅ or the same keycap) is given selectively, so it never counts at all.
 */
import { topCategory } from "./decision.js";
import type { LabelSource, LabelUse, StratumUse, TuneRecord } from "./tune-types.js";

/** One record where the tuner may route it: its top category and score, and what it proves. */
export interface Item {
  top: string;
  score: number;
  /** Index into `Design.strata`. */
  stratum: number;
  /** Its label is part of its stratum's random sample, and the label says the top category is wrong. */
  sampled: boolean;
  wrong: boolean;
  /** Known to be wrong from a label outside the sample. */
  known: boolean;
  /** A uniform number in [0, 1) from the record's id: which sampled labels a thinned test keeps. */
  draw: number;
}

export interface Stratum {
  name: string;
  records: number;
  /** Records whose label is in the sample. */
  sampled: number;
  /** sampled / records: the chance a record of this stratum has a sampled label. */
  rate: number;
  /** The audit rate of a routed stratum (0 for the others). */
  auditRate: number;
}

/** How the records were collected, which decides how each region is tested. */
export interface Design {
  strata: Stratum[];
}

export interface RecordUse {
  items: Item[];
  design: Design;
  bySource: Record<string, LabelUse>;
  byStratum: StratumUse[];
}

const emptyUse = (): LabelUse => ({ labels: 0, sample: 0, knownErrors: 0, ignored: 0 });

const rateNames = new Map<number, string>();

export function stratumName(decision: TuneRecord["decision"], rate: number): string {
  if (decision !== "route") return decision ?? "sample";
  let name = rateNames.get(rate);
  if (!name) {
    name = `route @ ${+(rate * 100).toFixed(2)}%`;
    rateNames.set(rate, name);
  }
  return name;
}

/** A label that only agrees with the bot because someone chose to react. */
export function selfConfirmed(r: TuneRecord, top: string | null): boolean {
  return r.confirmation === true || (r.labelSource === "reaction" && r.label === top);
}

/** In its stratum's sample: a deliberate label — a review or audit click, a hand label, a file row. */
function inSample(r: TuneRecord, top: string | null): boolean {
  if (r.label === null || r.labelSource === "reaction" || selfConfirmed(r, top)) return false;
  return r.decision !== "route" || r.audit;
}

/** A hash of the id (FNV-1a, then murmur3's finaliser to spread near-identical ids) as a number in [0, 1): the same record always draws the same, whatever the row order. */
export function idDraw(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export function useRecords(records: readonly TuneRecord[], otherCut: number): RecordUse {
  const items: Item[] = [];
  const bySource: Record<string, LabelUse> = {};
  const strata = new Map<string, { index: number; use: StratumUse; auditRate: number }>();
  for (const r of records) {
    const name = stratumName(r.decision, r.auditRate);
    let stratum = strata.get(name);
    if (!stratum) {
      stratum = {
        index: strata.size,
        use: { stratum: name, records: 0, labels: 0, sampled: 0, used: 0 },
        auditRate: r.decision === "route" ? r.auditRate : 0,
      };
      strata.set(name, stratum);
    }
    stratum.use.records++;
    let use: LabelUse | null = null;
    if (r.label !== null) {
      const source = r.labelSource ?? "unknown";
      use = bySource[source] ?? emptyUse();
      bySource[source] = use;
      use.labels++;
      stratum.use.labels++;
    }
    const { top, topProb: score } = topCategory(r.probs);
    const sampled = inSample(r, top);
    if (sampled) stratum.use.sampled++;
    if (top === null || !(r.other < otherCut)) {
      if (use) use.ignored++;
      continue;
    }
    const wrongLabel = r.label !== null && r.label !== top;
    const known = !sampled && wrongLabel;
    const draw = idDraw(r.id);
    items.push({ top, score, stratum: stratum.index, sampled, wrong: sampled && wrongLabel, known, draw });
    stratum.use.used++;
    if (use) use[sampled ? "sample" : known ? "knownErrors" : "ignored"]++;
  }
  // Strata are numbered in order of first appearance; the design lists them by name so no order leaks in.
  const ordered = [...strata.values()].sort((a, b) => a.use.stratum.localeCompare(b.use.stratum));
  const renumber = new Map(ordered.map((s, k) => [s.index, k]));
  for (const item of items) item.stratum = renumber.get(item.stratum) ?? item.stratum;
  return {
    items,
    design: {
      strata: ordered.map((s) => ({
        name: s.use.stratum,
        records: s.use.records,
        sampled: s.use.sampled,
        rate: s.use.sampled / s.use.records,
        auditRate: s.auditRate,
      })),
    },
    bySource: Object.fromEntries(Object.entries(bySource).sort(([a], [b]) => a.localeCompare(b))),
    byStratum: ordered.map((s) => s.use),
  };
}

/** A file row or an old-style labelled score: a random sample of the channel, with its label's source. */
export function sampleRecord(
  row: { probs: Record<string, number>; other: number; label: string; source?: string },
  id = "",
): TuneRecord {
  return {
    id,
    probs: row.probs,
    other: row.other,
    decision: null,
    audit: false,
    auditRate: 0,
    label: row.label,
    labelSource: (row.source as LabelSource | undefined) ?? "file",
  };
}
