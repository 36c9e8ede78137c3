/**
 * The bot's Prometheus metrics (prom-client). Each bot gets its own registry, never prom-client's global
 * one, so tests can run several bots in one process. Callers say what happened (`messageDecided`,
 * `llmAnswered`, …) and never touch prom-client; `text()` is what `GET /metrics` serves.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Thresholds } from "../config.js";
import { thresholdFor } from "../decide/decision.js";

/** A count the caller reads at each scrape (the inbox backlog from the database). */
export type ReadNumber = () => number | Promise<number>;

export interface BotMetrics {
  /** The exposition text of every metric, and the content type to serve it with. */
  text(): Promise<string>;
  readonly contentType: string;
  /** A message was decided; `reason` is null when it was routed. */
  messageDecided(decision: "route" | "review", reason: string | null): void;
  /** One LLM classification call answered after this many milliseconds. */
  llmAnswered(latencyMs: number): void;
  /** A label was stored, by how it was collected (reaction, review, audit, cli…). */
  labelStored(source: string): void;
  /** Slack answered a Web API call with 429. */
  slackRateLimited(method: string): void;
  /** The Web API client is trying a failed call again. */
  slackRetried(): void;
  /** The threshold set now deciding: `setId` null = the config file's thresholds. */
  thresholdsInForce(
    inForce: { setId: number | null; thresholds: Thresholds },
    categoryIds: readonly string[],
  ): void;
  /** Where each scrape reads the inbox backlog; no sample until then, nor when the read fails or hangs. */
  backlogFrom(read: ReadNumber): void;
}

export interface MetricsOptions {
  /** prom-client's process and Node.js metrics (CPU, memory, event loop lag, GC). Default true. */
  processMetrics?: boolean;
}

/** How long a scrape waits for the backlog count. */
const BACKLOG_READ_MS = 1000;
/** Seconds: a local model answers in tens of milliseconds, a busy hosted one in seconds. */
const LLM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60];

export function createMetrics(options: MetricsOptions = {}): BotMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const decided = new Counter({
    name: "triage_messages_decided_total",
    help: "Messages decided, by decision (route, review) and reason (none when routed).",
    labelNames: ["decision", "reason"] as const,
    registers,
  });
  const llmSeconds = new Histogram({
    name: "triage_llm_latency_seconds",
    help: "Time one LLM classification call took.",
    buckets: LLM_BUCKETS,
    registers,
  });
  const labels = new Counter({
    name: "triage_labels_total",
    help: "Labels stored, by how they were collected.",
    labelNames: ["source"] as const,
    registers,
  });
  const rateLimited = new Counter({
    name: "triage_slack_rate_limited_total",
    help: "Slack Web API calls answered with 429, by method.",
    labelNames: ["method"] as const,
    registers,
  });
  const retries = new Counter({
    name: "triage_slack_retries_total",
    help: "Slack Web API calls tried again after a failure (429, 5xx, network).",
    registers,
  });
  const setId = new Gauge({
    name: "triage_threshold_set_id",
    help: "Id of the threshold set deciding now; 0 = the config file's thresholds.",
    registers,
  });
  const categoryThreshold = new Gauge({
    name: "triage_category_threshold",
    help: "Least top-category probability that routes, by category; +Inf = never auto-routed.",
    labelNames: ["category"] as const,
    registers,
  });
  const otherThreshold = new Gauge({
    name: "triage_other_threshold",
    help: "A message routes only if its 'other' probability is below this.",
    registers,
  });
  let readBacklog: ReadNumber | null = null;
  new Gauge({
    name: "triage_inbox_backlog",
    help: "Messages in the inbox not yet finished (no sample when it could not be read within 1 s).",
    registers,
    async collect() {
      this.remove();
      if (!readBacklog) return;
      // A scrape during a database outage, or while it hangs, still serves every other metric.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), BACKLOG_READ_MS);
      });
      const read = Promise.resolve()
        .then(readBacklog)
        .catch(() => null);
      const backlog = await Promise.race([read, late]).finally(() => clearTimeout(timer));
      if (backlog !== null) this.set(backlog);
    },
  });
  // No sample until the caller says which thresholds decide: a 0 would read as "the config file's".
  setId.remove();
  otherThreshold.remove();

  return {
    text: () => registry.metrics(),
    contentType: registry.contentType,
    messageDecided: (decision, reason) => decided.inc({ decision, reason: reason ?? "none" }),
    llmAnswered: (latencyMs) => llmSeconds.observe(latencyMs / 1000),
    labelStored: (source) => labels.inc({ source }),
    slackRateLimited: (method) => rateLimited.inc({ method }),
    slackRetried: () => retries.inc(),
    thresholdsInForce: (inForce, categoryIds) => {
      setId.set(inForce.setId ?? 0);
      otherThreshold.set(inForce.thresholds.other);
      categoryThreshold.reset();
      for (const id of categoryIds) {
        categoryThreshold.set(
          { category: id },
          thresholdFor(inForce.thresholds, id) ?? Number.POSITIVE_INFINITY,
        );
      }
    },
    backlogFrom: (read) => {
      readBacklog = read;
    },
  };
}
