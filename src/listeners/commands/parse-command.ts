/** `/triage …` text → what was asked (pure). Unknown input gets the help text, not a guess. */

export type TriageCommand =
  | { name: "help" }
  | { name: "stats"; days: number }
  | { name: "insights"; days: number }
  | { name: "thresholds" }
  | { name: "retune" }
  | { name: "retune_apply" }
  | { name: "history" }
  | { name: "rollback"; id: number }
  /** `name`: the display name a mention carried (`<@U123|ana>`), if any. */
  | { name: "labels_forget"; userId: string; userName: string | null }
  /** Read the channel's last `days` days for labelling (App Home → Labelling). */
  | { name: "backfill"; days: number }
  | { name: "invalid"; problem: string };

/** Commands that change what the bot does: `admins` only. */
export const ADMIN_ONLY = new Set<TriageCommand["name"]>([
  "retune",
  "retune_apply",
  "rollback",
  "labels_forget",
  "backfill",
]);

export const DEFAULT_STATS_DAYS = 7;
export const DEFAULT_INSIGHTS_DAYS = 30;
export const DEFAULT_BACKFILL_DAYS = 30;

export function parseTriageCommand(text: string): TriageCommand {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const [first, second, ...rest] = words;
  if (!first || first === "help") return { name: "help" };
  if (first === "stats" || first === "insights") {
    const fallback = first === "stats" ? DEFAULT_STATS_DAYS : DEFAULT_INSIGHTS_DAYS;
    const days = second === undefined ? fallback : Number(second);
    if (!Number.isInteger(days) || days < 1 || days > 365 || rest.length > 0) {
      const example = first === "stats" ? 30 : 90;
      return {
        name: "invalid",
        problem: `\`${first}\` takes a number of days from 1 to 365, e.g. \`/triage ${first} ${example}\``,
      };
    }
    return { name: first, days };
  }
  if (first === "thresholds" && !second) return { name: "thresholds" };
  if (first === "history" && !second) return { name: "history" };
  if (first === "retune" && !second) return { name: "retune" };
  if (first === "retune" && second === "apply" && rest.length === 0) return { name: "retune_apply" };
  if (first === "rollback") {
    const id = Number(second?.replace(/^#/, ""));
    if (!Number.isInteger(id) || id < 1 || rest.length > 0) {
      return {
        name: "invalid",
        problem: "`rollback` takes a threshold set number from `/triage history`, e.g. `/triage rollback 3`",
      };
    }
    return { name: "rollback", id };
  }
  if (first === "backfill") {
    const days = second === undefined ? DEFAULT_BACKFILL_DAYS : Number(second);
    if (!Number.isInteger(days) || days < 1 || days > 365 || rest.length > 0) {
      return {
        name: "invalid",
        problem: "`backfill` takes a number of days from 1 to 365, e.g. `/triage backfill 30`",
      };
    }
    return { name: "backfill", days };
  }
  if (first === "labels") return parseLabels(text.trim().split(/\s+/).slice(1));
  return { name: "invalid", problem: `I don't know \`${text.trim().slice(0, 60)}\`` };
}

const FORGET_USAGE =
  "`labels forget` takes one person, picked from the @ menu or as a member ID, e.g. `/triage labels forget @ana` or `/triage labels forget U0123ABCD`";

/** `labels forget <@U123|ana>` (a mention, as Slack escapes it), `<@U123>` or a bare `U123`. */
function parseLabels(words: string[]): TriageCommand {
  const [sub, who, ...rest] = words;
  if (sub?.toLowerCase() !== "forget") {
    return {
      name: "invalid",
      problem: "`labels` has one subcommand: `/triage labels forget @user` (admins)",
    };
  }
  if (!who || rest.length > 0) return { name: "invalid", problem: FORGET_USAGE };
  const mention = /^<@([UW][A-Z0-9]{2,})(?:\|([^>]*))?>$/.exec(who);
  if (mention?.[1]) return { name: "labels_forget", userId: mention[1], userName: mention[2] || null };
  if (/^[UW][A-Z0-9]{2,}$/i.test(who))
    return { name: "labels_forget", userId: who.toUpperCase(), userName: null };
  const plain = who.startsWith("@")
    ? `: \`${who.slice(0, 40)}\` arrived as plain text, not a mention; pick the person from the @ menu or use their member ID (profile → ⋯ → Copy member ID)`
    : "";
  return { name: "invalid", problem: `${FORGET_USAGE}${plain}` };
}
