/**
 * Labels from people, over the wire: review-card clicks (label, route, card updated, idempotent) and
 * reactions on the original, on our posts and on thread replies (label, re-route, retraction, bots ignored).
 */
import { afterEach, describe, expect, it } from "vitest";
import { findMessageByTs, getMessage } from "../../src/store/queries/inbox.js";
import { type Harness, PERSON, REVIEW, SUPPORT, startHarness } from "../support/bot-harness.js";

const AGENT = "U0AGENT001";
const OTHER_AGENT = "U0AGENT002";

let h: Harness;
afterEach(async () => h?.stop());

const posts = (channel: string) =>
  h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);
const labels = async () =>
  (await h.table("feedback")).map((f) => ({
    user: f.userId,
    label: f.label,
    source: f.source,
    reaction: f.reaction,
    retracted: f.retractedAt !== null,
  }));
const postOf = async (kind: string, messageId: number) =>
  (await h.table("slackPosts")).find((p) => p.messageId === messageId && p.kind === kind);

async function triage(ts: string, text: string): Promise<number> {
  await h.message({ ts, text });
  await h.settle();
  const row = await findMessageByTs(h.bot.store, SUPPORT, ts);
  if (!row) throw new Error(`message ${ts} was not stored`);
  return row.id;
}

describe("review card clicks", () => {
  it("a click stores the label, routes the message and updates the card; a double click changes nothing", async () => {
    h = await startHarness();
    const id = await triage("1700000501.000100", "Our webhook is acting weird");
    const card = await postOf("review_card", id);
    expect(card?.channelId).toBe(REVIEW);

    const res = await h.click({ userId: AGENT, actionId: "review_pick:api", value: `${id}|api` });
    expect(res.status).toBe(200);
    await h.settle();
    expect(await labels()).toEqual([
      { user: AGENT, label: "api", source: "review", reaction: null, retracted: false },
    ]);
    const [route] = posts("C0API00001");
    expect(JSON.stringify(route?.args.blocks)).toContain(`routed by <@${AGENT}>`);
    const note = posts(SUPPORT).at(-1);
    expect(note?.args).toMatchObject({ thread_ts: "1700000501.000100" });
    expect(note?.args.text).toContain(`Sent to *API and integrations* (<#C0API00001>) by <@${AGENT}>`);
    const updates = h.slack.callsTo("chat.update");
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args).toMatchObject({ channel: REVIEW, ts: card?.ts });
    const updated = JSON.stringify(updates[0]?.args.blocks);
    expect(updated).toContain(`<@${AGENT}> chose *API and integrations*`);
    expect(updated).not.toContain("review_pick");
    expect(await getMessage(h.bot.store, id)).toMatchObject({
      routedCategory: "api",
      resolvedBy: AGENT,
      status: "done",
    });

    const before = h.slack.calls.length;
    await h.click({ userId: AGENT, actionId: "review_pick:api", value: `${id}|api` });
    await h.settle();
    expect(h.slack.calls.slice(before)).toEqual([]);
    expect(await labels()).toHaveLength(1);
  });

  it("the menu picks any area; None of these labels other and routes nowhere", async () => {
    h = await startHarness();
    const a = await triage("1700000502.000100", "What is the weather like?");
    const b = await triage("1700000502.000200", "Is lunch provided?");
    await h.click({
      userId: AGENT,
      actionId: "review_pick_select",
      value: `${a}|data_privacy`,
      select: true,
    });
    await h.click({ userId: AGENT, actionId: "review_pick:other", value: `${b}|other` });
    await h.settle();
    expect(posts("C0PRIVACY1")).toHaveLength(1);
    // The two clicks are applied in either order.
    expect((await labels()).map((l) => l.label).sort()).toEqual(["data_privacy", "other"]);
    const updates = h.slack.callsTo("chat.update").map((u) => JSON.stringify(u.args.blocks));
    expect(updates.some((u) => u.includes("marked it *none of these*"))).toBe(true);
    const routed = h.slack
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel !== REVIEW && c.args.channel !== SUPPORT);
    expect(routed.map((c) => c.args.channel)).toEqual(["C0PRIVACY1"]);
  });
});

describe("reactions as labels", () => {
  it("a number on a routed message labels it and re-routes it, with a thread note saying so", async () => {
    h = await startHarness();
    const ts = "1700000601.000100";
    const id = await triage(ts, "We were charged twice");
    expect(posts("C0BILLING1")).toHaveLength(1);
    const res = await h.react({ user: AGENT, reaction: "three", channel: SUPPORT, ts });
    expect(res.status).toBe(200);
    await h.settle();
    expect(await labels()).toEqual([
      { user: AGENT, label: "api", source: "reaction", reaction: "three", retracted: false },
    ]);
    const [reroute] = posts("C0API00001");
    expect(JSON.stringify(reroute?.args.blocks)).toContain(`routed by <@${AGENT}>`);
    expect(posts(SUPPORT).at(-1)?.args.text).toBe(
      `Moved to *API and integrations* (<#C0API00001>) after <@${AGENT}>'s correction.`,
    );
    expect((await postOf("reroute", id))?.status).toBe("done");
    expect(posts("C0BILLING1")).toHaveLength(1);
  });

  it("removing the reaction takes the label back; a retried delivery is counted once", async () => {
    h = await startHarness();
    const ts = "1700000602.000100";
    await triage(ts, "We were charged twice");
    await h.react({ user: AGENT, reaction: "moneybag", channel: SUPPORT, ts }, { eventId: "Ev-add-1" });
    await h.react({ user: AGENT, reaction: "moneybag", channel: SUPPORT, ts }, { eventId: "Ev-add-1" });
    await h.settle();
    expect(await labels()).toEqual([
      { user: AGENT, label: "billing", source: "reaction", reaction: "moneybag", retracted: false },
    ]);
    const before = h.slack.calls.length;
    await h.react({ user: AGENT, reaction: "moneybag", channel: SUPPORT, ts, removed: true });
    await h.settle();
    expect(await labels()).toEqual([
      { user: AGENT, label: "billing", source: "reaction", reaction: "moneybag", retracted: true },
    ]);
    expect(h.slack.calls.slice(before).filter((c) => c.method.startsWith("chat."))).toEqual([]);
  });

  it("reactions on our route post and on the review card label the original; on a thread reply nothing", async () => {
    h = await startHarness();
    const ts = "1700000603.000100";
    const id = await triage(ts, "We were charged twice");
    const route = await postOf("route", id);
    await h.react({ user: AGENT, reaction: "white_check_mark", channel: "C0BILLING1", ts: route?.ts ?? "" });
    // An agent ticking "done" on a reply in the thread is not a label, and routes nothing.
    h.slack.addMessage({
      channel: SUPPORT,
      ts: "1700000603.000900",
      thread_ts: ts,
      user: PERSON,
      text: "fixed!",
    });
    await h.react({
      user: OTHER_AGENT,
      reaction: "heavy_check_mark::skin-tone-2",
      channel: SUPPORT,
      ts: "1700000603.000900",
    });
    await h.react({ user: OTHER_AGENT, reaction: "two", channel: SUPPORT, ts: "1700000603.000900" });
    await h.settle();
    expect((await labels()).map((l) => [l.user, l.label])).toEqual([[AGENT, "billing"]]);
    expect(h.slack.callsTo("conversations.replies")).toHaveLength(0);
    expect(posts("C0BILLING1")).toHaveLength(1);
    expect(posts("C0ACCESS01")).toHaveLength(0);

    const reviewed = await triage("1700000603.000200", "Our webhook is acting weird");
    const card = await postOf("review_card", reviewed);
    await h.react({ user: AGENT, reaction: "two", channel: REVIEW, ts: card?.ts ?? "" });
    await h.settle();
    expect(posts("C0ACCESS01")).toHaveLength(1);
    expect(JSON.stringify(h.slack.callsTo("chat.update").at(-1)?.args.blocks)).toContain(
      `<@${AGENT}> chose *Account access*`,
    );
  });

  it("removing ✅ from our route post leaves the same person's ✅ on the original", async () => {
    h = await startHarness();
    const ts = "1700000605.000100";
    const id = await triage(ts, "We were charged twice");
    const route = await postOf("route", id);
    await h.react({ user: AGENT, reaction: "white_check_mark", channel: SUPPORT, ts });
    await h.react({ user: AGENT, reaction: "white_check_mark", channel: "C0BILLING1", ts: route?.ts ?? "" });
    await h.settle();
    await h.react({
      user: AGENT,
      reaction: "white_check_mark",
      channel: "C0BILLING1",
      ts: route?.ts ?? "",
      removed: true,
    });
    await h.settle();
    // The two reactions were applied in either order: compare by where each was.
    const rows = (await h.table("feedback")).map((f) => [f.reactionItem, f.label, f.retractedAt !== null]);
    expect(rows.sort()).toEqual(
      [
        [`${SUPPORT}:${ts}`, "billing", false],
        [`C0BILLING1:${route?.ts}`, "billing", true],
      ].sort(),
    );
  });

  it("bots' reactions, other emoji and reactions on unrelated messages change nothing", async () => {
    h = await startHarness();
    const ts = "1700000604.000100";
    await triage(ts, "We were charged twice");
    h.slack.setBotUsers(["U0SOMEBOT1"]);
    const before = h.slack.calls.filter((c) => c.method.startsWith("chat.")).length;
    await h.react({ user: "U0SOMEBOT1", reaction: "three", channel: SUPPORT, ts });
    await h.react({ user: AGENT, reaction: "thumbsup", channel: SUPPORT, ts });
    await h.react({ user: AGENT, reaction: "three", channel: SUPPORT, ts: "1600000000.000001" });
    await h.react({ user: String(h.slack.authTest.user_id), reaction: "three", channel: SUPPORT, ts });
    await h.settle();
    expect(await labels()).toEqual([]);
    expect(h.slack.calls.filter((c) => c.method.startsWith("chat.")).length).toBe(before);
  });
});
