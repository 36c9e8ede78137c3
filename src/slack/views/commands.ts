/** What `/triage` answers with: help, thresholds, stats, history and the retune report (pure builders). */

import type { Category, Thresholds } from "../../config.js";
import { decidingSentence } from "../../decide/deciding-thresholds.js";
import { thresholdFor } from "../../decide/decision.js";
import type { LabelNeed, TuneReport } from "../../decide/tune-types.js";
import type { LabelTally } from "../../services/feedback/labels-by-person.js";
import type { ThresholdsNow } from "../../services/retune/thresholds-now.js";
import type { Stats } from "../../services/stats.js";
import type { ActivationEntry } from "../../store/queries/threshold-sets.js";
import { ACTIONS, type Block, context, type PostContent, section } from "./blocks.js";
import { col, escapeMrkdwn, num, pct, slackDate, threshold, userLink } from "./format.js";
import { labellerTallyBlocks, labellerTallyText } from "./labellers.js";

const code = (lines: string[]) => `\`\`\`\n${lines.join("\n")}\n\`\`\``;

export function helpText(): string {
  return [
    "*/triage* — what the triage bot can tell you:",
    "• `/triage stats [days]` — volume, routed vs review, accuracy from your labels (default 7 days)",
    "• `/triage insights [days]` — what the model says besides our areas: candidates for a new one (default 30 days)",
    "• `/triage thresholds` — the thresholds deciding what is routed now",
    "• `/triage history` — every threshold change, newest first",
    "• `/triage retune` — compute certified thresholds from the labels (admins; shows a report and posts its charts here)",
    "• `/triage retune apply` — compute and apply in one step (admins)",
    "• `/triage rollback ID` — go back to an earlier threshold set from `history` (admins)",
    "• `/triage labels forget @user` — take back every label someone gave, after a confirmation (admins)",
    "• `/triage backfill [days]` — read this channel's last 30 days (or `days`) so the team can label them in App Home; posts nothing (admins)",
    "Label a message by reacting with its number (:one: …), :x: for none of these, or :white_check_mark: to confirm.",
    "Whose labels count: admins and `labellers` in the config (anyone in the workspace when unset); never a message's author on it, Slack Connect users, or guests unless listed.",
  ].join("\n");
}

export function thresholdsView(
  inForce: ThresholdsNow,
  categories: readonly Category[],
  needs: readonly LabelNeed[],
): PostContent {
  const t = inForce.thresholds;
  const source =
    inForce.setId !== null
      ? `set #${inForce.setId}, applied by ${userLink(inForce.activatedBy ?? "?")} ${slackDate(inForce.activatedAt ?? 0)}`
      : inForce.waitingForCertificate
        ? "none yet: every message goes to review"
        : "from the config file (no certified set decides yet)";
  const lines = categories.map((c) => `${col(c.id, 18)} ${num(threshold(thresholdFor(t, c.id)), 11)}`);
  const text = `*Thresholds in force* — ${source}\n${decidingSentence(inForce)}\nA message is routed when its top area reaches its threshold *and* "none of these" is below ${t.other.toFixed(2)}.${needsLines(needs)}`;
  return {
    text: `Thresholds in force: ${inForce.setId === null ? (inForce.waitingForCertificate ? "none yet" : "config file") : `set #${inForce.setId}`}`,
    blocks: [section(text), section(code([`${col("category", 18)} ${num("threshold", 11)}`, ...lines]))],
  };
}

/** What more labels would certify, one line per area or pool still in review. */
export function needsLines(needs: readonly LabelNeed[]): string {
  if (needs.length === 0) return "";
  return `\n*To certify more:*\n${needs.map((n) => `• ${n.sentence}`).join("\n")}`;
}

export function statsView(stats: Stats, days: number): PostContent {
  const classified = Math.max(stats.classified, 1);
  const review =
    stats.review.other +
    stats.review.low_confidence +
    stats.review.uncertified +
    stats.review.classifier_error;
  const head = [
    `*Last ${days} day${days === 1 ? "" : "s"}:* ${stats.received} messages, ${stats.classified} classified`,
    `• routed automatically: ${stats.routed} (${pct(stats.routed / classified)}), of which ${stats.audited} also audited`,
    `• sent to review: ${review} (${pct(review / classified)}) — ${stats.review.low_confidence} low confidence, ${stats.review.other} none-of-these, ${stats.review.classifier_error} classifier errors${stats.review.uncertified > 0 ? `, ${stats.review.uncertified} before the first certificate` : ""}`,
    `• decided by people: ${stats.decidedByPeople}; labelled: ${stats.labelled}`,
    ...(stats.unfinished.failed + stats.unfinished.retrying > 0
      ? [
          `• :warning: not posted yet: ${stats.unfinished.retrying} waiting to retry, ${stats.unfinished.failed} failed after every retry (the bot's log says why)`,
        ]
      : []),
  ].join("\n");
  const rows = stats.categories.map((s) => {
    const name = s.category;
    const acc = s.labelled > 0 ? pct(s.correct / s.labelled) : "–";
    return `${col(name, 18)} ${num(s.top, 5)} ${num(s.routed, 6)} ${num(s.labelled, 8)} ${num(acc, 8)}`;
  });
  return {
    text: `Triage stats for the last ${days} days: ${stats.received} messages`,
    blocks: [
      section(head),
      section(
        code([
          `${col("top category", 18)} ${num("msgs", 5)} ${num("routed", 6)} ${num("labelled", 8)} ${num("accuracy", 8)}`,
          ...rows,
        ]),
      ),
      context("Accuracy = share of labelled messages whose label matches the bot's top category."),
    ],
  };
}

export function historyView(entries: ActivationEntry[]): PostContent {
  if (entries.length === 0) {
    return { text: "No threshold changes yet: the config file's thresholds are in force.", blocks: [] };
  }
  const lines = entries.map((e) => {
    const what =
      e.action === "apply"
        ? `set *#${e.thresholdSetId}* applied`
        : `rolled back to set *#${e.thresholdSetId}*`;
    return `• ${what} by ${userLink(e.activatedBy)} ${slackDate(e.activatedAt)} — ${e.labelCount} labels, target ${pct(e.targetPrecision)}`;
  });
  return {
    text: "Threshold history",
    blocks: [
      section(`*Threshold history* (newest first; the first line is in force)\n${lines.join("\n")}`),
      context("`/triage rollback ID` re-applies an earlier set."),
    ],
  };
}

function reportTable(report: TuneReport, current: Thresholds): string {
  const header = `${col("category", 16)} ${num("n", 4)} ${num("err", 4)} ${num("bound", 6)}  threshold`;
  const lines = report.categories.map((c) => {
    const bound = c.lowerBound === null ? "–" : c.lowerBound.toFixed(3);
    const now = threshold(thresholdFor(current, c.category));
    const next = `${threshold(c.threshold)}${c.pooled ? "*" : ""}`;
    return `${col(c.category, 16)} ${num(c.n, 4)} ${num(c.errors, 4)} ${num(bound, 6)}  ${now} → ${next}`;
  });
  return code([header, ...lines]);
}

function point(p: TuneReport["before"]): string {
  return `${pct(p.coverage)} routed${p.precision === null ? "" : ` at ${pct(p.precision)} precision`}`;
}

export function retuneReportView(args: {
  setId: number;
  report: TuneReport;
  current: Thresholds;
  withButtons: boolean;
  /** Who gave the labels (appended after the report, before the buttons). */
  labellers?: LabelTally;
}): PostContent {
  const { setId, report, current } = args;
  const sources = Object.entries(report.sources)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  const blocks: Block[] = [
    section(
      `*Retune preview — set #${setId}* (target ${pct(report.target)} precision, ${pct(report.confidence)} confidence)\n${escapeMrkdwn(report.summary)}`,
    ),
    section(reportTable(report, current)),
    section(
      `*Coverage on labelled messages:* before ${point(report.before)} → after ${point(report.after)}${report.guarantee ? `\n${escapeMrkdwn(report.guarantee)}` : ""}`,
    ),
    context(
      `${report.labelCount} labels (${sources || "none"}). n = labelled messages whose top area is this one; err = wrong among those routed; bound = certified lower bound on precision; * = pooled threshold.`,
    ),
  ];
  if (args.labellers) blocks.push(...labellerTallyBlocks(args.labellers));
  if (args.withButtons) {
    blocks.push({
      type: "actions",
      block_id: `retune:${setId}`,
      elements: [
        {
          type: "button",
          action_id: ACTIONS.retuneApply,
          style: "primary",
          text: { type: "plain_text", text: `Apply set #${setId}` },
          value: String(setId),
        },
        {
          type: "button",
          action_id: ACTIONS.retuneCancel,
          text: { type: "plain_text", text: "Cancel" },
          value: String(setId),
        },
      ],
    });
  }
  const who = args.labellers ? labellerTallyText(args.labellers) : "";
  return { text: `Retune preview: set #${setId}. ${report.summary}${who}`, blocks };
}

export function retuneOutcomeView(preview: PostContent, outcome: string): PostContent {
  return { text: outcome, blocks: [...preview.blocks.filter((b) => b.type !== "actions"), context(outcome)] };
}
