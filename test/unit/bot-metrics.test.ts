import { describe, expect, it } from "vitest";
import { createMetrics } from "../../src/ops/metrics.js";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text.js";

const categories = ["billing", "api", "bug"];
const thresholds = { default: 0.8, other: 0.3, categories: { billing: 0.74, bug: null } };

describe("bot metrics", () => {
  it("expose Prometheus text with the triage_ metrics, their types and values", async () => {
    const metrics = createMetrics();
    metrics.messageDecided("route", null);
    metrics.messageDecided("route", null);
    metrics.messageDecided("review", "low_confidence");
    metrics.messageDecided("review", "classifier_error");
    metrics.llmAnswered(180);
    metrics.llmAnswered(1500);
    metrics.labelStored("reaction");
    metrics.labelStored("review");
    metrics.labelStored("reaction");
    metrics.slackRateLimited("chat.postMessage");
    metrics.slackRetried();
    metrics.thresholdsInForce({ setId: 7, thresholds }, categories);
    metrics.backlogFrom(async () => 42);

    const families = parsePrometheusText(await metrics.text());
    const types = Object.fromEntries([...families.values()].map((f) => [f.name, f.type]));
    expect(types).toMatchObject({
      triage_messages_decided_total: "counter",
      triage_llm_latency_seconds: "histogram",
      triage_labels_total: "counter",
      triage_slack_rate_limited_total: "counter",
      triage_slack_retries_total: "counter",
      triage_threshold_set_id: "gauge",
      triage_category_threshold: "gauge",
      triage_other_threshold: "gauge",
      triage_inbox_backlog: "gauge",
    });
    const value = (name: string, labels?: Record<string, string>) => sampleValue(families, name, labels);
    expect(value("triage_messages_decided_total", { decision: "route", reason: "none" })).toBe(2);
    expect(value("triage_messages_decided_total", { decision: "review", reason: "low_confidence" })).toBe(1);
    expect(value("triage_messages_decided_total", { decision: "review", reason: "classifier_error" })).toBe(
      1,
    );
    expect(value("triage_llm_latency_seconds_count")).toBe(2);
    expect(value("triage_llm_latency_seconds_sum")).toBeCloseTo(1.68);
    expect(value("triage_llm_latency_seconds_bucket", { le: "0.25" })).toBe(1);
    expect(value("triage_llm_latency_seconds_bucket", { le: "2" })).toBe(2);
    expect(value("triage_llm_latency_seconds_bucket", { le: "+Inf" })).toBe(2);
    expect(value("triage_labels_total", { source: "reaction" })).toBe(2);
    expect(value("triage_labels_total", { source: "review" })).toBe(1);
    expect(value("triage_slack_rate_limited_total", { method: "chat.postMessage" })).toBe(1);
    expect(value("triage_slack_retries_total")).toBe(1);
    expect(value("triage_threshold_set_id")).toBe(7);
    expect(value("triage_other_threshold")).toBe(0.3);
    expect(value("triage_category_threshold", { category: "billing" })).toBe(0.74);
    expect(value("triage_category_threshold", { category: "api" })).toBe(0.8);
    expect(value("triage_category_threshold", { category: "bug" })).toBe(Infinity);
    expect(value("triage_inbox_backlog")).toBe(42);
    // prom-client's process and Node.js metrics, under their usual names.
    expect(types.process_cpu_user_seconds_total).toBe("counter");
    expect(types.nodejs_heap_size_used_bytes).toBe("gauge");
    expect(types.nodejs_eventloop_lag_seconds).toBe("gauge");
  });

  it("are read by a parser that refuses what is not exposition text", () => {
    const ok = '# HELP x_total X.\n# TYPE x_total counter\nx_total{a="1",b="q\\"uote"} 2\n';
    expect(sampleValue(parsePrometheusText(ok), "x_total", { b: 'q"uote' })).toBe(2);
    for (const bad of [
      "# TYPE x counter\nx{a=1} 2",
      "# TYPE x counter\nx 2 3 4",
      "# TYPE x counter\nx two",
      "# TYPE x countr\nx 2",
      "# TYPE x counter\ny 2",
      "# TYPE x gauge\nx_bucket 2",
    ]) {
      expect(() => parsePrometheusText(bad), bad).toThrow();
    }
  });

  it("serve the exposition format's content type", () => {
    expect(createMetrics({ processMetrics: false }).contentType).toBe(
      "text/plain; version=0.0.4; charset=utf-8",
    );
  });

  it("say which set decides: the config file's is set 0, and a new set replaces the old categories", async () => {
    const metrics = createMetrics({ processMetrics: false });
    let families = parsePrometheusText(await metrics.text());
    // Nothing claimed before the caller says.
    expect(sampleValue(families, "triage_threshold_set_id")).toBeUndefined();
    expect(sampleValue(families, "triage_other_threshold")).toBeUndefined();
    metrics.thresholdsInForce({ setId: 3, thresholds }, categories);
    metrics.thresholdsInForce({ setId: null, thresholds: { default: 0.9, other: 0.2, categories: {} } }, [
      "api",
    ]);
    families = parsePrometheusText(await metrics.text());
    expect(sampleValue(families, "triage_threshold_set_id")).toBe(0);
    expect(sampleValue(families, "triage_other_threshold")).toBe(0.2);
    expect(families.get("triage_category_threshold")?.samples).toEqual([
      { name: "triage_category_threshold", labels: { category: "api" }, value: 0.9 },
    ]);
  });

  it("read the backlog at each scrape, and leave it out when it cannot be read or hangs", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const backlog = async () =>
      sampleValue(parsePrometheusText(await metrics.text()), "triage_inbox_backlog");
    expect(await backlog()).toBeUndefined();
    let pending = 3;
    metrics.backlogFrom(() => pending);
    expect(await backlog()).toBe(3);
    pending = 5;
    expect(await backlog()).toBe(5);
    metrics.backlogFrom(async () => {
      throw new Error("database is locked");
    });
    expect(await backlog()).toBeUndefined();
    metrics.backlogFrom(() => new Promise<number>(() => {}));
    const started = Date.now();
    expect(await backlog()).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    metrics.messageDecided("route", null);
    expect(
      sampleValue(parsePrometheusText(await metrics.text()), "triage_messages_decided_total", {
        decision: "route",
      }),
    ).toBe(1);
  });

  it("keep each bot's registry apart in one process", async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.messageDecided("route", null);
    const route = { decision: "route", reason: "none" };
    expect(sampleValue(parsePrometheusText(await a.text()), "triage_messages_decided_total", route)).toBe(1);
    expect(
      sampleValue(parsePrometheusText(await b.text()), "triage_messages_decided_total", route),
    ).toBeUndefined();
  });
});
