/** The words of a tune report: short, plain, and never a confident-looking number without its basis. */
import { labelsNeeded } from "./binomial.js";
import type { GroupReport, TuneReport } from "./tune-types.js";

/** 0.95 → "95%", 0.9525 → "95.3%". */
export function percent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits).replace(/\.0+$/, "")}%`;
}

const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;

/**
 * Why a group was not certified: too few labels (what was seen is good enough, there is just not enough
 * of it) or not precise enough (more labels of the same quality would not help).
 */
export function shortfall(group: GroupReport, alpha: number): "too-few" | "imprecise" | null {
  if (group.threshold !== null) return null;
  const stop = group.stoppedAt;
  if (!stop || stop.n === 0 || stop.errors / stop.n <= alpha) return "too-few";
  return "imprecise";
}

export function categoryNote(
  id: string,
  n: number,
  eligible: number,
  group: GroupReport | undefined,
  alpha: number,
): string {
  if (n === 0) return `no message has ${id} as its top category yet`;
  if (eligible === 0) return "every message predicted here had too much 'other' mass to route";
  if (!group) return "not tuned";
  if (group.threshold !== null) return group.pooled ? "shares the pooled threshold" : "has its own threshold";
  const stop = group.stoppedAt;
  const where = group.pooled ? " in the pool" : "";
  if (shortfall(group, alpha) === "too-few") {
    const errors = stop?.errors ?? 0;
    const needed = labelsNeeded(alpha, group.delta, errors);
    return `too few labels: ${count(group.labels, "label")}${where}, about ${needed} needed with ${errors} wrong`;
  }
  return `not precise enough: ${stop?.errors} of ${stop?.n} messages${where} at the first threshold tried were wrong`;
}

function certifiedCategories(report: TuneReport): string[] {
  return report.categories.filter((c) => c.threshold !== null).map((c) => c.category);
}

export function summarySentence(report: TuneReport): string {
  const target = percent(report.target);
  const confidence = percent(report.confidence);
  const certified = certifiedCategories(report);
  const total = report.categories.length;
  if (certified.length === 0) {
    const needed = report.labelsNeeded ?? 0;
    const tooFew = (report.groups ?? []).every((g) => shortfall(g, 1 - report.target) === "too-few");
    const next = report.needs?.[0] ? ` Closest: ${report.needs[0].sentence}.` : "";
    if (report.labelCount === 0 || tooFew) {
      return (
        `Keep reviewing everything: ${count(report.labelCount, "label")} are too few to certify ${target} ` +
        `precision with ${confidence} confidence — an area (or the pool of small areas) needs at least ` +
        `${needed} labelled messages, all routed correctly, before anything is auto-routed.${next}`
      );
    }
    return (
      `Keep reviewing everything: at no threshold were the ${count(report.labelCount, "label")} right ` +
      `often enough to certify ${target} precision with ${confidence} confidence.${next}`
    );
  }
  const review = report.categories.filter((c) => c.threshold === null).map((c) => c.category);
  const shown = review.slice(0, 5).join(", ") + (review.length > 5 ? ` and ${review.length - 5} more` : "");
  const before = percent(report.before.coverage);
  const after = percent(report.after.coverage);
  const labels = (report.groups ?? []).reduce((sum, g) => sum + (g.threshold === null ? 0 : g.n), 0);
  const messages =
    report.labelCount === (report.recordCount ?? report.labelCount) ? "labelled messages" : "messages";
  return (
    `Auto-route ${certified.length} of ${total} areas: with ${confidence} confidence at least ${target} of ` +
    `auto-routed messages go to the right place (certified on ${count(labels, "label")}); ` +
    `${after} of ${messages} would be auto-routed (now ${before}).` +
    (review.length > 0 ? ` Keep reviewing ${shown}.` : "")
  );
}

export function guaranteeSentence(report: TuneReport): string {
  const target = percent(report.target);
  const confidence = percent(report.confidence);
  const certified = (report.groups ?? []).filter((g) => g.threshold !== null);
  if (certified.length === 0) {
    return "Nothing is auto-routed, so nothing is claimed: every message goes to human review.";
  }
  const own = certified.some((g) => !g.pooled);
  const pool = certified.some((g) => g.pooled);
  const where =
    own && pool
      ? "in each area with its own threshold, and across the pooled areas together"
      : own
        ? "in each auto-routed area"
        : "across the auto-routed areas together (a small area on its own can do worse: see its observed precision)";
  const live = (report.use?.byStratum ?? []).some((s) => s.stratum !== "sample");
  const proviso = live
    ? "provided new messages look like the ones it classified under this prompt and the random audit keeps sampling what it routes"
    : "provided new messages look like the labelled ones";
  return (
    `Of the messages the bot routes on its own, at least ${target} go to the right team ${where}; ` +
    `we are ${confidence} sure of that, ${proviso}. Everything else goes to human review.`
  );
}
