/**
 * The insight surfaces' Block Kit at its largest — 20 areas, a full review queue of long messages, many
 * "other" groups, a full reminder — stays within Slack's limits; and App Home costs a fixed set of queries.
 */
import { describe, expect, it } from "vitest";
import type { Category, TriageConfig } from "../../src/config.js";
import type { TuneReport } from "../../src/decide/tune-types.js";
import { loadHome } from "../../src/services/home.js";
import { otherCatalog } from "../../src/services/insights.js";
import type { AdminSummary } from "../../src/services/retune/admin-summary.js";
import {
  HOME_QUEUE_LIMIT,
  homeView,
  linkLabel,
  packLines,
  startOfDay,
  waited,
} from "../../src/slack/views/home.js";
import { insightsView } from "../../src/slack/views/insights.js";
import { nudgePost } from "../../src/slack/views/nudge.js";
import { retuneModal } from "../../src/slack/views/retune-modal.js";
import type { ReviewItem } from "../../src/store/queries/review-queue.js";
import type { SqliteStore } from "../../src/store/sqlite-store.js";
import { expectValidBlocks, expectValidView } from "../support/block-kit.js";
import { countStatements, seedMessage } from "../support/seed.js";
import { testDb } from "../support/test-db.js";

const categories: Category[] = Array.from({ length: 20 }, (_, i) => ({
  id: `area_with_a_long_name_${i}`,
  name: `Area with a rather long human name number ${i}`,
  description: "d",
  examples: [],
  route_channel: `C0ROUTE${String(i).padStart(3, "0")}`,
}));
const long = "A very long message | with <angle> brackets and\nnew lines ".repeat(40);

const item = (i: number): ReviewItem => ({
  messageId: i,
  channelId: "C0SUPPORT1",
  ts: `1700000000.${i}`,
  text: long,
  permalink: `https://example.slack.com/archives/C0SUPPORT1/p17000000000000${i}`,
  receivedAt: 0,
  reason: (["other", "low_confidence", "classifier_error"] as const)[i % 3] ?? "other",
  other: 0.5,
  topCategory: categories[i % 20]?.id ?? null,
  topProb: 0.4,
  card: { channelId: "C0REVIEW01", ts: `1700000001.${i}`, at: 0 },
  nudged: false,
});

const admin: AdminSummary = {
  thresholds: {
    default: null,
    other: 0.3,
    categories: Object.fromEntries(categories.map((c, i) => [c.id, i % 2 ? 0.91 : null])),
  },
  inForce: { setId: 12, by: "U0ADMIN001", at: 1, action: "apply" },
  deciding: "Auto-routing with certified set #12 (auto_route: certified).",
  needs: categories.map((c) => ({
    id: c.id,
    categories: [c.id],
    threshold: 0.7,
    more: 1234,
    via: "audit" as const,
    messages: 24_680,
    target: 0.95,
    sentence: `${c.id}: 1234 more correct audit labels at ≥ 0.70 (about 24680 routed messages) would certify 95%`,
  })),
  waitingForCertificate: false,
  certified: Object.fromEntries(categories.map((c) => [c.id, { lowerBound: 0.951, pooled: true }])),
  labels: Object.fromEntries(categories.map((c) => [c.id, 12345])),
  labelTotal: 246_900,
  lastRetune: { setId: 13, by: "U0ADMIN001", at: 2, labelCount: 246_900 },
  rollbackTo: { setId: 11, at: 0 },
};

describe("App Home view", () => {
  it("stays within the limits for an admin with 20 areas and a full queue of long messages", () => {
    const view = homeView({
      now: 3 * 86_400_000,
      dayLabel: "since 00:00 UTC",
      volume: { received: 5000, routed: 4000, review: 990, waiting: 10 },
      queue: { total: 500, items: Array.from({ length: HOME_QUEUE_LIMIT }, (_, i) => item(i)) },
      reviewChannel: "C0REVIEW01",
      categories,
      admin,
    });
    expectValidView(view);
    const all = JSON.stringify(view.blocks);
    expect(all).toContain("… and 480 more");
    expect(all).toContain("Roll back to set #11");
    expect(all).not.toMatch(/\|[^>]*\|/); // no link label carries a second "|"
  });

  it.each([
    [0, "under a minute"],
    [59_000, "under a minute"],
    [4 * 60_000, "4 min"],
    [3 * 3_600_000, "3 h"],
    [3 * 3_600_000 + 20 * 60_000, "3 h 20 min"],
    [50 * 3_600_000, "2 days"],
  ])("waited(%d) = %s", (ms, words) => {
    expect(waited(ms)).toBe(words);
  });

  it("starts the day at midnight in the team's time zone", () => {
    const now = Date.parse("2025-03-03T23:30:00Z");
    expect(startOfDay(now, "UTC")).toEqual({
      since: Date.parse("2025-03-03T00:00:00Z"),
      label: "since 00:00 UTC",
    });
    expect(startOfDay(now, "Europe/Berlin")).toEqual({
      since: Date.parse("2025-03-03T23:00:00Z"),
      label: "since 00:00 Europe/Berlin",
    });
    expect(startOfDay(now, "Asia/Kolkata").since).toBe(Date.parse("2025-03-03T18:30:00Z"));
    // New York's midnight was under standard time, its afternoon under daylight time (9 March 2025).
    expect(startOfDay(Date.parse("2025-03-09T20:00:00Z"), "America/New_York").since).toBe(
      Date.parse("2025-03-09T05:00:00Z"),
    );
  });

  it("keeps link labels on one line without link syntax, and packs lines under 3,000 characters", () => {
    expect(linkLabel("a <b> | c\n d")).toBe("a b c d");
    const blocks = packLines(Array.from({ length: 100 }, () => "x".repeat(100)));
    expect(blocks.length).toBe(4);
    expectValidBlocks("home", blocks);
  });
});

describe("/triage insights, reminders and the retune modal", () => {
  it("insights stay within a message's limits with many groups of long messages", () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({
      messageId: i,
      text: long,
      permalink: `https://example.slack.com/archives/C1/p${i}`,
      strayTokens: [{ token: `word${i % 30}${"`".repeat(3)}`, p: 0.3 }],
      other: 0.6,
      decision: "review" as const,
      reason: "other" as const,
      label: null,
      at: i,
    }));
    const view = insightsView(otherCatalog(rows), 30);
    expectValidBlocks("message", view.blocks, view.text);
    expect(JSON.stringify(view.blocks)).toContain("22 smaller groups not shown");
  });

  it("a reminder with a full batch of long messages stays within the limits", () => {
    const post = nudgePost({
      items: Array.from({ length: 10 }, (_, i) => ({
        item: item(i),
        cardLink: `https://x.slack.com/archives/C0REVIEW01/p${i}`,
      })),
      afterMinutes: 120,
      businessHours: true,
      now: 0,
      categories,
    });
    expectValidBlocks("message", post.blocks, post.text);
    expect(post.text).toBe("10 messages waiting in review for more than 2 h of working time");
  });

  it("the retune modal for 20 areas is a valid modal; with nothing certified it offers no Apply", () => {
    const report: TuneReport = {
      thresholds: admin.thresholds,
      categories: categories.map((c) => ({
        category: c.id,
        n: 1234,
        routed: 1000,
        errors: 12,
        precision: 0.988,
        lowerBound: 0.95,
        threshold: 0.91,
        coverage: 0.8,
        pooled: true,
      })),
      before: { coverage: 0.5, precision: 0.9, routed: 100 },
      after: { coverage: 0.8, precision: 0.97, routed: 160 },
      labelCount: 24_680,
      target: 0.95,
      confidence: 0.9,
      sources: { review: 20_000, reaction: 4_680 },
      summary: "s".repeat(500),
      guarantee: "g".repeat(500),
    };
    const modal = retuneModal({ setId: 123_456, report, current: admin.thresholds });
    expectValidView(modal);
    expect(modal.submit?.text).toBe("Apply set #123456");
    const none = retuneModal({
      setId: 2,
      report: { ...report, thresholds: { default: null, other: 0.3, categories: {} } },
      current: admin.thresholds,
    });
    expectValidView(none);
    expect(none.submit).toBeUndefined();
  });
});

describe("loadHome", () => {
  it("costs the same fixed set of queries for 3 messages as for 60, for a person and for an admin", async () => {
    const t = await testDb();
    try {
      // Statements are counted on the SQLite connection (the query code is the same on Postgres).
      const store = t.store as SqliteStore;
      const config = {
        review_channel: "C0REVIEW01",
        admins: ["U0ADMIN001"],
        categories,
        thresholds: admin.thresholds,
        auto_route: "always",
        target_precision: 0.95,
        confidence: 0.9,
        audit_rate: 0.05,
      } as unknown as TriageConfig;
      const deps = { store, config, promptFingerprint: "fp1" };
      const seed = async (from: number, n: number) => {
        for (let i = from; i < from + n; i++) {
          await seedMessage(store, {
            ts: `5.${i}`,
            text: `m${i}`,
            probs: { [categories[0]?.id ?? "a"]: 0.4 },
            other: 0.2,
            labels: i % 2 ? [["U1", "other"]] : [],
          });
        }
      };
      await seed(0, 3);
      const few = await countStatements(store, () => loadHome(deps, "U0ADMIN001", Date.now()));
      const person = await countStatements(store, () => loadHome(deps, "U0PERSON01", Date.now()));
      await seed(3, 57);
      const many = await countStatements(store, () => loadHome(deps, "U0ADMIN001", Date.now()));
      const manyPerson = await countStatements(store, () => loadHome(deps, "U0PERSON01", Date.now()));
      expect(few.result.queue.total).toBe(3);
      expect(many.result.queue.total).toBe(60);
      expect(many.result.volume.received).toBe(60);
      expect(many.result.admin?.labels.other).toBe(30);
      expect(manyPerson.result.queue.total).toBe(60);
      expect(manyPerson.result.admin).toBeNull();
      expect(many.statements).toBe(few.statements);
      expect(manyPerson.statements).toBe(person.statements);
      // Volume, queue; for admins the set in force, the last retune, the activation log, and the records
      // behind the label counts and what would certify (classifications, then labels).
      expect(few.statements).toBeLessThanOrEqual(7);
      expect(person.statements).toBeLessThanOrEqual(2);
    } finally {
      await t.cleanup();
    }
  });
});
