/**
 * What the people who run the bot rely on, over the wire: /healthz and /readyz (readiness flips when the
 * database goes away), /metrics as Prometheus text, a reaction that could not be stored is answered 500
 * and counted once when Slack delivers it again, a burst acknowledged by reactions instead of thread notes,
 * and a purge that leaves retune's answer unchanged.
 */
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { startPostgres } from "../../dev/postgres-server.js";
import { previewRetune } from "../../src/services/retune/retune.js";
import { purgeTextBefore } from "../../src/store/queries/inbox.js";
import { ADMIN, exampleConfig, type Harness, SUPPORT, startHarness } from "../support/bot-harness.js";
import { failInserts } from "../support/db-faults.js";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text.js";
import { testDialect } from "../support/test-db.js";

let h: Harness;
let stopPostgres: (() => Promise<void>) | null = null;
afterEach(async () => {
  await h?.stop();
  await stopPostgres?.().catch(() => undefined);
  stopPostgres = null;
});

const probe = async (path: string) => {
  const res = await fetch(`http://127.0.0.1:${h.bot.port}${path}`);
  return { status: res.status, body: await res.text(), type: res.headers.get("content-type") };
};

describe("health", () => {
  it("/healthz answers while the process runs; /readyz says ready, then names the database when it is gone", async () => {
    if (testDialect() === "postgres") {
      // A server of this test's own, so that stopping it leaves the run's shared one alone.
      const server = await startPostgres();
      stopPostgres = server.stop;
      h = await startHarness({ target: { url: server.url, path: "unused.db" } });
    } else {
      h = await startHarness();
    }
    expect(await probe("/healthz")).toMatchObject({ status: 200, body: "ok" });
    expect(await probe("/readyz")).toMatchObject({ status: 200, body: "ready" });

    if (stopPostgres) {
      await stopPostgres();
      stopPostgres = null;
    } else {
      rmSync(h.target.path);
    }
    const ready = await probe("/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body).toMatch(
      testDialect() === "postgres" ? /^database: .*Postgres/m : /^database: the database file .* is gone/m,
    );
    expect(await probe("/healthz")).toMatchObject({ status: 200, body: "ok" });
  });

  it("/metrics is Prometheus text: decisions, LLM latency, labels, the threshold set and the backlog", async () => {
    h = await startHarness();
    await h.message({ ts: "1700011001.000100", text: "We were charged twice" });
    await h.message({ ts: "1700011001.000200", text: "Our webhook is acting weird" });
    await h.settle();
    await h.react({ user: ADMIN, reaction: "two", channel: SUPPORT, ts: "1700011001.000200" });
    await h.settle();
    const { status, body, type } = await probe("/metrics");
    expect(status).toBe(200);
    expect(type).toContain("text/plain");
    const families = parsePrometheusText(body);
    expect(
      sampleValue(families, "triage_messages_decided_total", { decision: "route", reason: "none" }),
    ).toBe(1);
    expect(
      sampleValue(families, "triage_messages_decided_total", {
        decision: "review",
        reason: "low_confidence",
      }),
    ).toBe(1);
    expect(sampleValue(families, "triage_llm_latency_seconds_count", {})).toBe(2);
    // An emoji on a message the bot sent to review answers that request: a review label.
    expect(sampleValue(families, "triage_labels_total", { source: "review" })).toBe(1);
    expect(sampleValue(families, "triage_threshold_set_id", {})).toBe(0);
    expect(sampleValue(families, "triage_inbox_backlog", {})).toBe(0);
  });
});

describe("nothing lost", () => {
  it("a reaction that cannot be stored is answered 500; Slack's redelivery is applied once", async () => {
    h = await startHarness();
    const ts = "1700011101.000100";
    await h.message({ ts, text: "Our webhook is acting weird" });
    await h.settle();
    const repair = await failInserts(h.bot.store, "events");
    const reaction = { user: ADMIN, reaction: "three", channel: SUPPORT, ts };
    expect((await h.react(reaction, { eventId: "Ev-react-1" })).status).toBe(500);
    await repair();
    expect((await h.react(reaction, { eventId: "Ev-react-1" })).status).toBe(200);
    expect((await h.react(reaction, { eventId: "Ev-react-1" })).status).toBe(200);
    await h.settle();
    expect((await h.table("feedback")).map((f) => [f.userId, f.label])).toEqual([[ADMIN, "api"]]);
    expect(h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0API00001")).toHaveLength(
      1,
    );
  });
});

describe("a burst", () => {
  it("acknowledge: reaction marks each routed message with the team's emoji instead of a thread note", async () => {
    h = await startHarness({ config: exampleConfig({ acknowledge: "reaction" }) });
    for (let i = 0; i < 6; i++) {
      await h.message({
        ts: `1700011201.00010${i}`,
        text: i % 2 ? "SSO login loop" : "We were charged twice",
      });
    }
    await h.settle();
    const notes = h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === SUPPORT);
    expect(notes).toEqual([]);
    const added = h.slack.callsTo("reactions.add").map((c) => [c.args.timestamp, c.args.name]);
    const emoji = (id: string) => exampleConfig().categories.find((c) => c.id === id)?.emoji ?? "inbox_tray";
    expect(added.sort()).toEqual(
      Array.from({ length: 6 }, (_, i) => [
        `1700011201.00010${i}`,
        emoji(i % 2 ? "account_access" : "billing"),
      ]).sort(),
    );
    expect(await h.statuses()).toEqual(Array(6).fill("done"));
  });
});

describe("retention", () => {
  it("purging message text leaves retune's report as it was", async () => {
    h = await startHarness();
    const texts = ["We were charged twice", "SSO login loop", "Our webhook is acting weird"];
    for (let i = 0; i < 60; i++) {
      await h.message({ ts: `1700011301.${String(i).padStart(6, "0")}`, text: `${texts[i % 3]} #${i}` });
    }
    await h.settle();
    for (let i = 0; i < 60; i += 3) {
      await h.react({
        user: ADMIN,
        reaction: "three",
        channel: SUPPORT,
        ts: `1700011301.${String(i + 2).padStart(6, "0")}`,
      });
      await h.react({
        user: ADMIN,
        reaction: "white_check_mark",
        channel: SUPPORT,
        ts: `1700011301.${String(i).padStart(6, "0")}`,
      });
    }
    await h.settle();
    const deps = {
      store: h.bot.store,
      config: h.config,
      promptFingerprint: h.bot.promptFingerprint,
      tune: (await import("../../src/decide/tune.js")).tuneRecords,
    };
    const before = await previewRetune(deps, ADMIN);
    expect(await purgeTextBefore(h.bot.store, Date.now() + 1)).toBe(60);
    expect((await h.table("messages")).every((m) => m.text === "" && m.permalink === null)).toBe(true);
    const after = await previewRetune(deps, ADMIN);
    const { summary: _a, ...reportBefore } = before.report;
    const { summary: _b, ...reportAfter } = after.report;
    expect(reportAfter).toEqual(reportBefore);
    expect(after.report.labelCount).toBe(40);
  });
});
