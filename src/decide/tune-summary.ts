/** The words of a tune report: short, plain, and never a confident-looking number without its basis. */
import type { GroupReport, TuneReport } from "./tune-types.js";

/** 0.95 → "95%", 0.9525 → "95.3%". */
export function percent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits).replace(/\.0+$/, "")}%`;
}

const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;

export function categoryNote(
  id: string,
  n: number,
  eligible: number,
  group: GroupReport | undefined,
  needed: number,
): string {
  if (n === 0) return `no labelled message has ${id} as its top category yet`;
  if (eligible === 0) return "every labelled message predicted here had too much 'other' mass to route";
  if (!group) return "not tuned";
  if (group.threshold !== null) return group.pooled ? "shares the pooled threshold" : "has its own threshold";
  if (group.certRows < needed) {
    const held = count(group.certRows, "held-out label");
    return `too few labels (${held}${group.pooled ? " in the pool" : ""}; at least ${needed} needed)`;
  }
  const stop = group.stoppedAt;
  if (stop && stop.n > 0) {
    return `not precise enough: ${stop.errors} of ${stop.n} held-out messages at the strictest threshold tried were wrong`;
  }
  return "no threshold could be certified";
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
    const tooFew = (report.groups ?? []).every((g) => g.certRows < needed);
    if (report.labelCount === 0 || tooFew) {
      return (
        `Keep reviewing everything: ${count(report.labelCount, "label")} are too few to certify ${target} ` +
        `precision with ${confidence} confidence — an area (or the pool of small areas) needs at least ` +
        `${needed} held-out labelled messages, all routed correctly, before anything is auto-routed.`
      );
    }
    return (
      `Keep reviewing everything: at no threshold were the ${count(report.labelCount, "label")} right ` +
      `often enough to certify ${target} precision with ${confidence} confidence.`
    );
  }
  const review = report.categories.filter((c) => c.threshold === null).map((c) => c.category);
  const shown = review.slice(0, 5).join(", ") + (review.length > 5 ? ` and ${review.length - 5} more` : "");
  const before = percent(report.before.coverage);
  const after = percent(report.after.coverage);
  return (
    `Auto-route ${certified.length} of ${total} areas: with ${confidence} confidence at least ${target} of ` +
    `auto-routed messages go to the right place (certified on ${count(report.certRows ?? 0, "held-out label")}); ` +
    `${after} of labelled messages would be auto-routed (now ${before}).` +
    (review.length > 0 ? ` Keep reviewing ${shown}.` : "")
  );
}

export function guaranteeSentence(report: TuneReport): string {
  const target = percent(report.target);
  const confidence = percent(report.confidence);
  if (certifiedCategories(report).length === 0) {
    return `Nothing is auto-routed, so nothing is claimed: every message goes to human review.`;
  }
  return (
    `Of the messages the bot routes on its own, at least ${target} go to the right team — for each area ` +
    `with its own threshold and for the pooled areas together — and we are ${confidence} sure of that, ` +
    `provided new messages look like the labelled ones; everything else goes to human review.`
  );
}
