/**
 * Every view that quotes a customer's message shows it defused — team post, review and audit cards, the
 * decided card, App Home, the review reminder, /triage insights — and stays within Block Kit's limits
 * however hostile and long the message is.
 */
import { describe, expect, it } from "vitest";
import type { Category } from "../../src/config.js";
import { otherCatalog } from "../../src/services/insights.js";
import { type MessageRef, routePost } from "../../src/slack/views/blocks.js";
import { homeView, linkLabel } from "../../src/slack/views/home.js";
import { insightsView } from "../../src/slack/views/insights.js";
import { nudgePost } from "../../src/slack/views/nudge.js";
import { decidedCard, reviewCard } from "../../src/slack/views/review-card.js";
import type { ReviewItem } from "../../src/store/queries/review-queue.js";
import { expectValidBlocks } from "../support/block-kit.js";

const ISSUE =
  "<!channel> <!here> <!subteam^S0ONCALL|@oncall> our invoice is wrong, see " +
  "<https://evil.example/x|stripe.com/invoice> cc <@U0CEO>";
// Our own date tokens (slackDate) are the only `<!` a view may hold.
const PING = /<@|<!(?!date\^\d+\^\{date_short_pretty\} \{time\}\|)/;
const DISGUISED = "|stripe.com/invoice>";

const billing: Category = {
  id: "billing",
  name: "Billing",
  description: "d",
  examples: [],
  route_channel: "C0BILLING1",
};
const categories = [billing];
const scores = { probs: { billing: 0.5 }, other: 0.5, topCategory: "billing", topProb: 0.5 };
const ref = (text: string): MessageRef => ({
  id: 1,
  channelId: "C0SUPPORT1",
  userId: null,
  text,
  permalink: "https://x.slack.com/archives/C0SUPPORT1/p1",
});
const reviewItem = (text: string): ReviewItem => ({
  messageId: 1,
  channelId: "C0SUPPORT1",
  ts: "1700000000.000100",
  text,
  permalink: "https://x.slack.com/archives/C0SUPPORT1/p1",
  receivedAt: 0,
  reason: "low_confidence",
  other: 0.2,
  topCategory: "billing",
  topProb: 0.5,
  card: { channelId: "C0REVIEW01", ts: "1700000001.000100", at: 0 },
  nudged: false,
});

/** The posts that quote the message in full, as block quotes. */
const quotingPosts = (text: string) => ({
  "team post": routePost({ message: ref(text), category: billing, prob: 0.97 }),
  "review card": reviewCard({ message: ref(text), scores, reason: "low_confidence", categories }),
  "audit card": reviewCard({ message: ref(text), scores, reason: "audit", categories }),
});

/** The views that name the message in the label of a link to it. */
const labellingViews = (text: string) => ({
  "App Home": homeView({
    now: 60_000,
    dayLabel: "since 00:00 UTC",
    volume: { received: 1, routed: 0, review: 1, waiting: 0 },
    queue: { total: 1, items: [reviewItem(text)] },
    reviewChannel: "C0REVIEW01",
    categories,
    admin: null,
  }),
  "review reminder": nudgePost({
    items: [{ item: reviewItem(text), cardLink: "https://x.slack.com/archives/C0REVIEW01/p2" }],
    afterMinutes: 60,
    businessHours: false,
    now: 7_200_000,
    categories,
  }),
  "/triage insights": insightsView(
    otherCatalog([
      {
        messageId: 1,
        text,
        permalink: "https://x.slack.com/archives/C0SUPPORT1/p1",
        strayTokens: [{ token: "invoice", p: 0.5 }],
        other: 0.9,
        decision: "review",
        reason: "other",
        label: null,
        at: 0,
      },
    ]),
    30,
  ),
});

describe("the issue's message in every view", () => {
  it.each(Object.entries(quotingPosts(ISSUE)))(
    "%s: no ping, no disguised link, the real target",
    (_v, post) => {
      const json = JSON.stringify(post);
      expect(json).not.toMatch(PING);
      expect(json).not.toContain(DISGUISED);
      expect(post.text).toContain("stripe.com/invoice (https://evil.example/x)");
      expect(json).toContain("@channel @here @oncall our invoice is wrong");
      expect(json).toContain("cc @U0CEO");
    },
  );

  it("the decided card quotes it defused", () => {
    const card = decidedCard({
      message: ref(ISSUE),
      scores,
      reason: "low_confidence",
      categories,
      label: "billing",
      by: "U0AGENT01",
      at: 0,
    });
    const quoted = JSON.stringify(card.blocks[0]);
    expect(quoted).not.toMatch(PING);
    expect(quoted).toContain("stripe.com/invoice (https://evil.example/x)");
  });

  it.each(Object.entries(labellingViews(ISSUE)))("%s: no ping, no disguised link", (_v, view) => {
    const json = JSON.stringify(view);
    expect(json).not.toMatch(PING);
    expect(json).not.toContain(DISGUISED);
    expect(json).toContain("@channel @here @oncall our invoice is wrong");
  });
});

describe("hostile and huge messages", () => {
  const huge = [
    ["30,000 stray brackets", "<<<x".repeat(10_000)],
    ["10,000 mentions (a person and @channel, 5,000 times)", "<@U0CEO> <!channel> ".repeat(5_000)],
    ["one disguised link with a long target", `<https://evil.example/${"x".repeat(5_000)}|stripe.com>`],
    ["3,000 lines", "<!here>\n".repeat(3_000)],
    ["an own link cut in half", `${"a".repeat(580)}<https://a.b/${"c".repeat(100)}|a.b/${"c".repeat(100)}>`],
  ];

  it.each(huge)(
    "%s: the quoting posts stay within Block Kit, ping nobody, leave no half entity",
    (_n, text) => {
      for (const post of Object.values(quotingPosts(text))) {
        expectValidBlocks("message", post.blocks, post.text);
        expect(JSON.stringify(post)).not.toMatch(PING);
        const quoted = (post.blocks[0] as { text: { text: string } }).text.text;
        for (const t of [post.text, quoted]) expect(t.replace(/ …$/, "")).not.toMatch(/<[^>]*$|&[a-z]*$/);
      }
    },
  );

  it.each(huge)("%s: the labelling views stay within Block Kit; a link label holds no markup", (_n, text) => {
    for (const [name, view] of Object.entries(labellingViews(text))) {
      expectValidBlocks(
        name === "App Home" ? "home" : "message",
        view.blocks,
        "text" in view ? view.text : undefined,
      );
      expect(JSON.stringify(view)).not.toMatch(PING);
    }
    const label = linkLabel(text);
    expect(label).not.toMatch(/[<>|]/);
    expect(label.length).toBeLessThanOrEqual(82);
  });
});
