import { describe, expect, it } from "vitest";
import type { Category } from "../../src/config.js";
import { type PlanPost, planEffects } from "../../src/services/triage/plan-effects.js";

const categories = [
  { id: "billing", name: "Billing", description: "d", examples: [], route_channel: "C0BILLING1" },
  { id: "api", name: "API", description: "d", examples: [], route_channel: "C0API00001" },
] satisfies Category[];

const done = (effectKey: string, kind: string, channelId = "C", ts: string | null = "1.1"): PlanPost => ({
  effectKey,
  kind,
  status: "done",
  channelId,
  ts,
});

function plan(
  message: { routedCategory: string | null; resolvedAt: number | null },
  classification: { decision: "route" | "review"; audit: boolean } | null,
  posts: PlanPost[] = [],
) {
  return planEffects({ message: { id: 7, ...message }, classification, posts, categories }).map((e) => e.key);
}

describe("planEffects", () => {
  it("plans nothing before the message is classified", () => {
    expect(plan({ routedCategory: null, resolvedAt: null }, null)).toEqual([]);
  });

  it("routes a confident message: post, then the thread note", () => {
    const routed = { routedCategory: "billing", resolvedAt: null };
    const c = { decision: "route" as const, audit: false };
    expect(plan(routed, c)).toEqual(["route:7:billing", "note:7:billing"]);
    expect(plan(routed, c, [done("route:7:billing", "route")])).toEqual(["note:7:billing"]);
    expect(
      plan(routed, c, [done("route:7:billing", "route"), done("note:7:billing", "thread_note")]),
    ).toEqual([]);
  });

  it("an audited routed message also gets a card", () => {
    expect(
      plan({ routedCategory: "billing", resolvedAt: null }, { decision: "route", audit: true }),
    ).toContain("card:7");
  });

  it("a review message gets a card, and once decided the card is updated and the message routed", () => {
    const review = { decision: "review" as const, audit: false };
    expect(plan({ routedCategory: null, resolvedAt: null }, review)).toEqual(["card:7"]);
    const card = done("card:7", "review_card", "C0REVIEW01", "5.5");
    expect(plan({ routedCategory: null, resolvedAt: null }, review, [card])).toEqual([]);
    expect(plan({ routedCategory: "api", resolvedAt: 99 }, review, [card])).toEqual([
      "route:7:api",
      "note:7:api",
      "card_update:7:99",
    ]);
  });

  it("a correction re-routes: a reroute post and a note saying so", () => {
    const effects = planEffects({
      message: { id: 7, routedCategory: "api", resolvedAt: 50 },
      classification: { decision: "route", audit: false },
      posts: [done("route:7:billing", "route"), done("note:7:billing", "thread_note")],
      categories,
    });
    expect(effects.map((e) => [e.kind, e.key])).toEqual([
      ["reroute", "route:7:api"],
      ["thread_note", "note:7:api"],
    ]);
    expect(effects[1]).toMatchObject({ rerouted: true });
  });

  it("re-plans an effect that was claimed but never completed (a crash mid-call) as in doubt", () => {
    const pending: PlanPost = { ...done("route:7:billing", "route"), status: "pending", ts: null };
    const effects = planEffects({
      message: { id: 7, routedCategory: "billing", resolvedAt: null },
      classification: { decision: "route", audit: false },
      posts: [pending],
      categories,
    });
    expect(effects.map((e) => [e.kind, e.key, e.inDoubt ?? false])).toEqual([
      ["route", "route:7:billing", true],
      ["thread_note", "note:7:billing", false],
    ]);
  });

  it("a card in doubt is settled before it can be updated", () => {
    const pendingCard: PlanPost = { ...done("card:7", "review_card"), status: "pending", ts: null };
    const effects = planEffects({
      message: { id: 7, routedCategory: null, resolvedAt: 9 },
      classification: { decision: "review", audit: false },
      posts: [pendingCard],
      categories,
    });
    expect(effects.map((e) => [e.key, e.inDoubt ?? false])).toEqual([["card:7", true]]);
  });

  it("ignores a routed category the config no longer has", () => {
    expect(plan({ routedCategory: "gone", resolvedAt: null }, { decision: "route", audit: false })).toEqual(
      [],
    );
  });
});
