/**
 * Who may teach the bot, over the wire: a labeller's reaction re-routes; the same reaction by a Slack
 * Connect stranger, a guest, the message's author, a bot or (with `labellers` set) someone unlisted changes
 * nothing and stores no label; a member of a listed user group counts; a review click by a non-labeller
 * is refused and told why. `/triage labels forget @user` (admins, with a confirmation) takes someone's
 * labels back, and the next retune is computed without them.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Wire } from "../../dev/fakes/fake-slack.js";
import { findMessageByTs, getMessage } from "../../src/store/queries/inbox.js";
import { expectValidBlocks } from "../support/block-kit.js";
import {
  ADMIN,
  AGENT,
  exampleConfig,
  type Harness,
  PERSON,
  REVIEW,
  SUPPORT,
  startHarness,
} from "../support/bot-harness.js";

const STRANGER = "U0STRANGE1";
const OTHER_ORG = "U0OTHERORG";
const GUEST = "U0GUEST001";
const SINGLE_GUEST = "U0GUEST002";
const UNKNOWN = "U0GONE0001";
const COLLEAGUE = "U0COLLEAG1";
const GROUPIE = "U0GROUPIE1";
const SUPPORT_GROUP = "S0SUPPORT1";

let h: Harness;
afterEach(async () => h?.stop());

const posts = (channel: string) =>
  h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);
const labellers = async () =>
  (await h.table("feedback")).map((f) => [f.userId, f.label, f.retractedAt !== null]);
const text = (reply: Wire) => `${reply?.text ?? ""}\n${JSON.stringify(reply?.blocks ?? [])}`;
const lastResponse = () => h.slack.responses.at(-1)?.body;

async function triage(ts: string, words: string): Promise<number> {
  await h.message({ ts, text: words });
  await h.settle();
  const row = await findMessageByTs(h.bot.store, SUPPORT, ts);
  if (!row) throw new Error(`message ${ts} was not stored`);
  return row.id;
}

/** Slack's users.info for the people of these tests (field names as Slack writes them). */
function meetPeople(): void {
  h.slack.setUser(STRANGER, { is_stranger: true, team_id: "T0ELSEWHERE" });
  h.slack.setUser(OTHER_ORG, { team_id: "T0ELSEWHERE" });
  h.slack.setUser(GUEST, { is_restricted: true });
  h.slack.setUser(SINGLE_GUEST, { is_restricted: true, is_ultra_restricted: true });
  h.slack.setBotUsers(["U0SOMEBOT1"]);
}

describe("with `labellers` unset", () => {
  it("anyone in the workspace labels; strangers, guests, the author, bots and unknown people change nothing", async () => {
    h = await startHarness();
    meetPeople();
    h.slack.setUser(UNKNOWN, null);
    expect(h.logs.filter((l) => l.includes("labels: from"))).toEqual([
      expect.stringContaining(
        "labels: from anyone in the workspace except guests; never from Slack Connect strangers, bots, or the author of the message",
      ),
    ]);
    const ts = "1700020001.000100";
    const id = await triage(ts, "We were charged twice");
    expect(posts("C0BILLING1")).toHaveLength(1);
    const before = h.slack.calls.filter((c) => c.method.startsWith("chat.")).length;
    for (const user of [STRANGER, OTHER_ORG, GUEST, SINGLE_GUEST, PERSON, "U0SOMEBOT1", UNKNOWN]) {
      expect((await h.react({ user, reaction: "three", channel: SUPPORT, ts })).status).toBe(200);
    }
    await h.settle();
    expect(await h.table("feedback")).toEqual([]);
    expect(h.slack.calls.filter((c) => c.method.startsWith("chat.")).length).toBe(before);
    expect((await getMessage(h.bot.store, id))?.routedCategory).toBe("billing");
    // Quietly: a debug line each, no error.
    const debug = h.logs.filter((l) => l.includes("DEBUG"));
    for (const why of [
      `${STRANGER} is an external (Slack Connect) user`,
      `${OTHER_ORG} is an external (Slack Connect) user`,
      `${GUEST} is a guest not listed in \`labellers\``,
      `${SINGLE_GUEST} is a guest not listed in \`labellers\``,
      `${PERSON} is the author of the message`,
      "U0SOMEBOT1 is a bot",
      `${UNKNOWN} is someone Slack would not tell us about (users.info answered user_not_found)`,
    ]) {
      expect([why, debug.some((l) => l.includes(why))]).toEqual([why, true]);
    }
    expect(h.logs.filter((l) => l.includes("ERROR"))).toEqual([]);

    // A colleague's reaction is a label and re-routes; users.info is asked once per person.
    await h.react({ user: COLLEAGUE, reaction: "three", channel: SUPPORT, ts });
    await h.settle();
    expect(await labellers()).toEqual([[COLLEAGUE, "api", false]]);
    expect(posts("C0API00001")).toHaveLength(1);
    const other = await triage("1700020001.000200", "Refund for the invoice please");
    await h.react({
      user: COLLEAGUE,
      reaction: "white_check_mark",
      channel: SUPPORT,
      ts: "1700020001.000200",
    });
    await h.react({ user: STRANGER, reaction: "x", channel: SUPPORT, ts: "1700020001.000200" });
    await h.settle();
    expect((await h.table("feedback")).filter((f) => f.messageId === other).map((f) => f.userId)).toEqual([
      COLLEAGUE,
    ]);
    const asked = h.slack.callsTo("users.info").map((c) => c.args.user);
    expect(asked.filter((u) => u === COLLEAGUE)).toHaveLength(1);
    expect(asked.filter((u) => u === STRANGER)).toHaveLength(1);
  });
});

describe("with `labellers` set", () => {
  it("listed people, members of a listed group, listed guests and admins label; nobody else does", async () => {
    h = await startHarness({ config: exampleConfig({ labellers: [AGENT, SUPPORT_GROUP, GUEST] }) });
    meetPeople();
    h.slack.setUserGroup(SUPPORT_GROUP, [GROUPIE, STRANGER]);
    expect(h.logs.some((l) => l.includes("labels: from 2 people and 1 user group (admins always)"))).toBe(
      true,
    );
    const a = "1700020101.000100";
    const b = "1700020101.000200";
    const c = "1700020101.000300";
    const d = "1700020101.000400";
    await triage(a, "We were charged twice");
    await triage(b, "We were charged twice again");
    await triage(c, "I cannot log in");
    await triage(d, "Refund please, charged twice");

    // Unlisted: a colleague, the author, a stranger even inside the listed group, an unlisted guest.
    for (const user of [COLLEAGUE, PERSON, STRANGER, SINGLE_GUEST]) {
      await h.react({ user, reaction: "three", channel: SUPPORT, ts: a });
    }
    await h.settle();
    expect(await h.table("feedback")).toEqual([]);
    expect(posts("C0API00001")).toHaveLength(0);
    // Someone neither listed nor in the group is refused without asking users.info.
    expect(h.slack.callsTo("users.info").map((c) => c.args.user)).not.toContain(COLLEAGUE);

    await h.react({ user: AGENT, reaction: "three", channel: SUPPORT, ts: a });
    await h.react({ user: GROUPIE, reaction: "three", channel: SUPPORT, ts: b });
    await h.react({ user: GUEST, reaction: "one", channel: SUPPORT, ts: c });
    await h.react({ user: ADMIN, reaction: "three", channel: SUPPORT, ts: d });
    await h.settle();
    expect((await labellers()).sort()).toEqual(
      [
        [AGENT, "api", false],
        [GROUPIE, "api", false],
        [GUEST, "billing", false],
        [ADMIN, "api", false],
      ].sort(),
    );
    expect(posts("C0API00001")).toHaveLength(3);
    // Three routed there at first, and the login message the guest moved there.
    expect(posts("C0BILLING1")).toHaveLength(4);
    const debug = h.logs.filter((l) => l.includes("DEBUG"));
    expect(debug.some((l) => l.includes(`${COLLEAGUE} is not one of the labellers`))).toBe(true);
    expect(debug.some((l) => l.includes(`${STRANGER} is an external (Slack Connect) user`))).toBe(true);
    // The group was listed at start-up and again when someone outside it reacted, not once per reaction.
    expect(h.slack.callsTo("usergroups.users.list").length).toBeLessThanOrEqual(2);
  });

  it("a user group that cannot be listed counts nobody, is logged once, and crashes nothing", async () => {
    h = await startHarness({ config: exampleConfig({ labellers: ["S0TYPO0001"] }) });
    const ts = "1700020201.000100";
    await triage(ts, "We were charged twice");
    await h.react({ user: AGENT, reaction: "three", channel: SUPPORT, ts });
    await h.react({ user: COLLEAGUE, reaction: "three", channel: SUPPORT, ts });
    await h.settle();
    expect(await h.table("feedback")).toEqual([]);
    const warned = h.logs.filter((l) => l.includes("user group S0TYPO0001"));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain("no_such_subteam (check the S… ID in `labellers`)");
    await h.react({ user: ADMIN, reaction: "three", channel: SUPPORT, ts });
    await h.settle();
    expect(await labellers()).toEqual([[ADMIN, "api", false]]);
  });

  it("a review click by a non-labeller changes nothing and is told why; a labeller's click decides", async () => {
    h = await startHarness({ config: exampleConfig({ labellers: [AGENT] }) });
    const id = await triage("1700020301.000100", "Our webhook is acting weird");
    for (const userId of [COLLEAGUE, PERSON]) {
      const responses = h.slack.responses.length;
      await h.click({ userId, actionId: "review_pick:api", value: `${id}|api` });
      await h.settle();
      expect(h.slack.responses.length).toBe(responses + 1);
    }
    const [colleague, author] = h.slack.responses.slice(-2).map((r) => r.body);
    expect(colleague).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(colleague.text).toBe(
      ":no_entry: Your choice was not recorded: you are not one of the labellers (`labellers` in the bot's config). Nothing changed.",
    );
    expect(author.text).toContain("you are the author of the message");
    expect(await h.table("feedback")).toEqual([]);
    expect(h.slack.callsTo("chat.update")).toHaveLength(0);
    expect(posts("C0API00001")).toHaveLength(0);
    expect(await getMessage(h.bot.store, id)).toMatchObject({ resolvedAt: null, routedCategory: null });

    await h.click({ userId: AGENT, actionId: "review_pick:api", value: `${id}|api` });
    await h.settle();
    expect(await labellers()).toEqual([[AGENT, "api", false]]);
    expect(posts("C0API00001")).toHaveLength(1);
    expect(h.slack.callsTo("chat.update")[0]?.args.channel).toBe(REVIEW);
  });
});

describe("/triage labels forget", () => {
  it("admins only, after a confirmation: takes back every label by that person; the next retune is without them", async () => {
    const TROLL = "U0TROLL001";
    h = await startHarness();
    const a = "1700020401.000100";
    const b = "1700020401.000200";
    const c = "1700020401.000300";
    await triage(a, "We were charged twice");
    await triage(b, "I cannot log in");
    const third = await triage(c, "Refund for the invoice please");
    await h.react({ user: AGENT, reaction: "white_check_mark", channel: SUPPORT, ts: a });
    await h.settle();
    for (const ts of [a, b, c]) await h.react({ user: TROLL, reaction: "three", channel: SUPPORT, ts });
    await h.settle();
    expect((await getMessage(h.bot.store, third))?.routedCategory).toBe("api");

    const report = await h.command("retune", ADMIN);
    expectValidBlocks("message", report.blocks, report.text);
    const before = text(report);
    expect(before).toContain("*Who taught it* (under this prompt): 4 labels from 2 people — 4 reactions");
    expect(before).toContain(`<@${TROLL}> 3 · <@${AGENT}> 1`);
    expect(before).toContain("3 labels (");

    // Not an admin: refused, nothing changes.
    const refused = await h.command(`labels forget <@${TROLL}|troll>`, PERSON);
    expect(refused.text).toContain("Only the triage admins");
    expect(refused.text).toContain("Nothing was changed");

    const confirm = await h.command(`labels forget <@${TROLL}|troll>`, ADMIN);
    expect(confirm.response_type).toBe("ephemeral");
    expectValidBlocks("message", confirm.blocks, confirm.text);
    const shown = text(confirm);
    expect(shown).toContain(`*Forget 3 labels by <@${TROLL}>?* On 3 messages: 3 reactions.`);
    expect(shown).toContain("Messages already routed on their labels stay where they are");
    const buttons = confirm.blocks.find((b: Wire) => b.type === "actions").elements;
    expect(buttons.map((e: Wire) => [e.action_id, e.text.text, e.value])).toEqual([
      ["labels_forget", "Forget 3 labels by @troll", TROLL],
      ["labels_forget_cancel", "Cancel", TROLL],
    ]);
    expect((await h.table("feedback")).every((f) => f.retractedAt === null)).toBe(true);

    // A forged click by a non-admin, and an admin's Cancel, change nothing.
    await h.click({ userId: PERSON, actionId: "labels_forget", value: TROLL });
    expect(lastResponse()).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(lastResponse().text).toContain("Only the triage admins");
    await h.click({ userId: ADMIN, actionId: "labels_forget_cancel", value: TROLL });
    expect(lastResponse()).toMatchObject({ replace_original: true });
    expect(lastResponse().text).toContain("Cancelled");
    expect((await h.table("feedback")).every((f) => f.retractedAt === null)).toBe(true);

    await h.click({ userId: ADMIN, actionId: "labels_forget", value: TROLL });
    expect(lastResponse()).toMatchObject({ replace_original: true });
    expect(lastResponse().text).toContain(`<@${ADMIN}> took back 3 labels by <@${TROLL}>`);
    expectValidBlocks("message", lastResponse().blocks, lastResponse().text);
    const rows = await h.table("feedback");
    expect(rows).toHaveLength(4);
    expect(rows.map((f) => [f.userId, f.retractedAt !== null])).toEqual([
      [AGENT, false],
      [TROLL, true],
      [TROLL, true],
      [TROLL, true],
    ]);
    // Routing is left as it was, as the confirmation said.
    expect((await getMessage(h.bot.store, third))?.routedCategory).toBe("api");

    const after = text(await h.command("retune", ADMIN));
    expect(after).toContain("*Who taught it* (under this prompt): 1 label from 1 person — 1 reaction");
    expect(after).not.toContain(TROLL);
    expect(after).toContain("1 labels (");

    // Nothing left to forget; a bare member ID works too.
    expect((await h.command(`labels forget ${TROLL}`, ADMIN)).text).toBe(
      `<@${TROLL}> has no labels to forget.`,
    );
  });
});
