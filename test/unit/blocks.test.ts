import { describe, expect, it } from "vitest";
import type { Category } from "../../src/config.js";
import { decodePick, encodePick, threadNote } from "../../src/slack/views/blocks.js";
import { pct, quote, truncate } from "../../src/slack/views/format.js";
import { likelyCategories, reviewCard } from "../../src/slack/views/review-card.js";

const categories: Category[] = ["billing", "api", "bug", "sso", "perf"].map((id, i) => ({
  id,
  name: id.toUpperCase(),
  description: "d",
  examples: [],
  route_channel: `C0ROUTE000${i}`,
  ...(id === "billing" ? { emoji: "moneybag" } : {}),
}));
const message = {
  id: 42,
  channelId: "C0SUPPORT1",
  userId: "U1",
  text: "charged twice",
  permalink: "https://x/p1",
};

describe("review card", () => {
  it("has a button per likely category, None of these, and a menu for the rest — with unique action ids", () => {
    const card = reviewCard({
      message,
      scores: {
        probs: { api: 0.5, billing: 0.3, bug: 0.05, sso: 0.01 },
        other: 0.14,
        topCategory: "api",
        topProb: 0.5,
      },
      reason: "low_confidence",
      categories,
    });
    const actions = card.blocks.find((b) => b.type === "actions");
    const elements =
      actions && "elements" in actions ? (actions.elements as { action_id: string; value?: string }[]) : [];
    expect(elements.map((e) => e.action_id)).toEqual([
      "review_pick:api",
      "review_pick:billing",
      "review_pick:bug",
      "review_pick:other",
      "review_pick_select",
    ]);
    expect(new Set(elements.map((e) => e.action_id)).size).toBe(elements.length);
    expect(elements[0]?.value).toBe("42|api");
    expect(card.text).toContain("charged twice");
    expect(JSON.stringify(card.blocks)).toContain("https://x/p1");
  });

  it("likely categories: top three, a fourth only when it has some probability", () => {
    expect(
      likelyCategories({ api: 0.5, billing: 0.3, bug: 0.1, sso: 0.05 }, categories).map((c) => c.id),
    ).toEqual(["api", "billing", "bug", "sso"]);
    expect(likelyCategories({ api: 0.9 }, categories).map((c) => c.id)).toEqual(["api", "billing", "bug"]);
  });
});

describe("picks and text", () => {
  it("round-trips a pick and refuses anything else", () => {
    expect(decodePick(encodePick(7, "data_privacy"))).toEqual({ messageId: 7, label: "data_privacy" });
    expect(decodePick("7|Other stuff")).toBeNull();
    expect(decodePick(undefined)).toBeNull();
  });

  it("the thread note names where it went and the emoji that correct it", () => {
    const [billing] = categories;
    const note = threadNote({ category: billing as Category, prob: 0.91, categories });
    expect(note).toContain("<#C0ROUTE0000>");
    expect(note).toContain("91%");
    expect(note).toContain(":one: BILLING");
    expect(note).toContain(":five: PERF");
    expect(note).toContain(":x: none of these");
  });

  it("formats percentages and cuts long quotes", () => {
    expect([pct(0.914), pct(0.004), pct(0), pct(1)]).toEqual(["91%", "0.4%", "0%", "100%"]);
    expect(truncate("a".repeat(10), 20)).toBe("a".repeat(10));
    expect(truncate("word ".repeat(100), 50).length).toBeLessThanOrEqual(52);
    expect(quote("line one\nline two")).toBe(">line one\n>line two");
  });
});
