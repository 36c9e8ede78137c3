/**
 * The certification itself, without the words: records → what each can prove → groups per layout →
 * one fallback walk per group → thresholds. `tuneRecords` reports on it, and the label-needs search
 * re-runs it with more labels, so both say what the same code certifies.
 */
import type { Thresholds } from "../config.js";
import { TriageError } from "../errors.js";
import { walkGroup } from "./group-walk.js";
import { type Layout, layouts, minOwnLabels } from "./layout.js";
import { type Design, type Item, type RecordUse, useRecords } from "./record-use.js";
import type { GroupReport, TuneOptions, TuneRecord } from "./tune-types.js";

export interface Certification {
  alpha: number;
  delta: number;
  categories: string[];
  use: RecordUse;
  /** Each category's items (records it could route). */
  itemsOf: Map<string, Item[]>;
  /** The layout applied, with its groups' walks. */
  groups: GroupReport[];
  thresholds: Thresholds;
}

export function checkOptions(opts: TuneOptions): void {
  const inOpenUnit = (x: number) => Number.isFinite(x) && x > 0 && x < 1;
  if (!inOpenUnit(opts.target)) throw new TriageError(`target must be between 0 and 1 (got ${opts.target})`);
  if (!inOpenUnit(opts.confidence)) {
    throw new TriageError(`confidence must be between 0 and 1 (got ${opts.confidence})`);
  }
}

/**
 * Labels an area can expect from its records, by its strata's labelling rates (never from what they say).
 * Counted per stratum, then summed in stratum order: a float sum in record order could land on either
 * side of a layout's minimum (179.99999… or 180), and the report would depend on input order.
 */
function expectedLabels(items: readonly Item[], design: Design): number {
  const counts = new Map<number, number>();
  for (const it of items) counts.set(it.stratum, (counts.get(it.stratum) ?? 0) + 1);
  return [...counts.keys()]
    .sort((a, b) => a - b)
    .reduce((sum, k) => sum + (counts.get(k) ?? 0) * (design.strata[k]?.rate ?? 0), 0);
}

function walkLayout(layout: Layout, cert: Omit<Certification, "groups" | "thresholds">): GroupReport[] {
  const delta = (cert.delta * layout.share) / Math.max(1, layout.groups.length);
  return layout.groups.map((g) => {
    const items = g.categories.flatMap((id) => cert.itemsOf.get(id) ?? []);
    return { ...g, ...walkGroup(items, cert.use.design, cert.alpha, delta), delta };
  });
}

const routedBy = (groups: readonly GroupReport[]) => groups.reduce((sum, g) => sum + g.routed, 0);

export function certifyRecords(records: readonly TuneRecord[], opts: TuneOptions): Certification {
  checkOptions(opts);
  const alpha = 1 - opts.target;
  const delta = 1 - opts.confidence;
  const categories = [...new Set(opts.categories)];
  const use = useRecords(records, opts.current.other);
  const itemsOf = new Map<string, Item[]>();
  for (const id of categories) itemsOf.set(id, []);
  for (const item of use.items) itemsOf.get(item.top)?.push(item);
  const sizes = new Map<string, number>();
  for (const id of categories) {
    const items = itemsOf.get(id) ?? [];
    if (items.length > 0) sizes.set(id, expectedLabels(items, use.design));
  }
  const base = { alpha, delta, categories, use, itemsOf };
  let groups: GroupReport[] = [];
  for (const layout of layouts(sizes, minOwnLabels(alpha, delta))) {
    const walked = walkLayout(layout, base);
    if (groups.length === 0 || routedBy(walked) > routedBy(groups)) groups = walked;
  }
  const groupOf = new Map<string, GroupReport>();
  for (const g of groups) for (const id of g.categories) groupOf.set(id, g);
  const thresholds: Thresholds = {
    default: null,
    other: opts.current.other,
    categories: Object.fromEntries(categories.map((id) => [id, groupOf.get(id)?.threshold ?? null])),
  };
  return { ...base, groups, thresholds };
}
