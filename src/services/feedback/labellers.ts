/**
 * Who may teach the bot (docs/how-it-works.md, "Who may label"): whose reactions and review clicks are labels. Labels
 * are what retune certifies precision on, so a label counts only when we know who gave it:
 * - never this bot, and never the author of the message on their own message (admins included);
 * - admins always;
 * - with `labellers` set, only the people listed and the members of the user groups listed;
 * - never a bot or a Slack Connect stranger (another workspace, or `is_stranger`), even when listed;
 * - never a guest, unless listed (by ID or through a listed group).
 * When Slack will not say who someone is (users.info refused), their label does not count: an unknown
 * person is not a known labeller. The reasons are worded to follow "is" / "you are".
 */
import type { TriageConfig } from "../../config.js";
import type { SlackPeople } from "../../slack/people.js";
import type { MayLabel } from "./on-reaction.js";

export const NOT_A_LABELLER = "not one of the labellers (`labellers` in the bot's config)";

export function createMayLabel(args: {
  config: Pick<TriageConfig, "admins" | "labellers">;
  people: SlackPeople;
  botUserId: string;
}): MayLabel {
  const { people, botUserId } = args;
  const admins = new Set(args.config.admins);
  const listed = args.config.labellers;
  const users = new Set((listed ?? []).filter((id) => !id.startsWith("S")));
  const groups = (listed ?? []).filter((id) => id.startsWith("S"));

  async function inAGroup(userId: string): Promise<boolean> {
    for (const g of groups) if (await people.inGroup(g, userId)) return true;
    return false;
  }

  return async (userId, message) => {
    if (userId === botUserId) return "this bot";
    if (message.userId !== null && userId === message.userId) return "the author of the message";
    if (admins.has(userId)) return null;
    const named = users.has(userId) || (groups.length > 0 && (await inAGroup(userId)));
    if (listed !== undefined && !named) return NOT_A_LABELLER;
    const found = await people.lookup(userId);
    if (!found.known) return `someone Slack would not tell us about (${found.why})`;
    if (found.person.bot) return "a bot";
    if (found.person.external) return "an external (Slack Connect) user";
    if (found.person.guest && !named) return "a guest not listed in `labellers`";
    return null;
  };
}

/** One start-up line saying whose labels count. */
export function labellerPolicyText(config: Pick<TriageConfig, "admins" | "labellers">): string {
  const never = "never from Slack Connect strangers, bots, or the author of the message";
  const listed = config.labellers;
  if (listed === undefined) return `labels: from anyone in the workspace except guests; ${never}`;
  const people = listed.filter((id) => !id.startsWith("S")).length;
  const groups = listed.length - people;
  const parts = [
    ...(people > 0 ? [`${people} ${people === 1 ? "person" : "people"}`] : []),
    ...(groups > 0 ? [`${groups} user group${groups === 1 ? "" : "s"}`] : []),
  ];
  const admins = `${config.admins.length} admin${config.admins.length === 1 ? "" : "s"}`;
  const who =
    parts.length > 0
      ? `${parts.join(" and ")} (admins always)`
      : `the ${admins} only (\`labellers\` is empty)`;
  return `labels: from ${who}; ${never}`;
}
