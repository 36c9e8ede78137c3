/**
 * Builds and starts the bot from validated settings: database (SQLite or Postgres, migrated), classifier,
 * Slack identity, inbox worker, Bolt app. `main.ts` calls it for `npm start`; the end-to-end tests call it
 * with fakes.
 */
import type { AddressInfo } from "node:net";
import { type App, webApi } from "@slack/bolt";
import { createApp } from "./app.js";
import { labelCategories, NONE_LABEL } from "./classify/labels.js";
import { createClassifier } from "./classify/openai-classifier.js";
import { checkLabels } from "./classify/single-token.js";
import type { Classifier } from "./classify/types.js";
import {
  databaseTarget,
  type Env,
  type LlmSettings,
  llmSettings,
  type SlackSettings,
  slackMode,
  slackSettings,
  type TriageConfig,
} from "./config.js";
import { decidingSentence } from "./decide/deciding-thresholds.js";
import { tuneRecords as defaultTune } from "./decide/tune.js";
import { ConfigError } from "./errors.js";
import { createLogger, type Logger } from "./logger.js";
import { healthRoutes, startHealthServer } from "./ops/health.js";
import { type BotMetrics, createMetrics } from "./ops/metrics.js";
import { readinessChecks } from "./ops/readiness.js";
import { backfillChannel } from "./services/backfill/backfill-channel.js";
import { createBackground, settlesWithin } from "./services/background.js";
import { createEventWorker, type EventWorker } from "./services/feedback/event-worker.js";
import { createMayLabel, labellerPolicyText } from "./services/feedback/labellers.js";
import { publishHome } from "./services/home.js";
import { createNudger, type Nudger } from "./services/nudge/nudger.js";
import { startRetention } from "./services/retention.js";
import { type FirstCertificateWatch, watchFirstCertificate } from "./services/retune/first-certificate.js";
import type { Tune } from "./services/retune/retune.js";
import { labelNeedsNow } from "./services/retune/retune.js";
import { thresholdsNow } from "./services/retune/thresholds-now.js";
import { createInboxWorker, type InboxWorker, type RoundRetry } from "./services/triage/inbox-worker.js";
import type { MessageTimings } from "./services/triage/timings.js";
import { createChannelPacer } from "./slack/channel-pacer.js";
import { slackClientOptions } from "./slack/client-options.js";
import { countSlackCalls } from "./slack/count-calls.js";
import { identify } from "./slack/identify.js";
import { createSlackPeople } from "./slack/people.js";
import { replyEphemeral } from "./slack/response-url.js";
import { pendingCount } from "./store/queries/inbox.js";
import { openStore, type Store } from "./store/store.js";

export interface BotOptions {
  env: Env;
  config: TriageConfig;
  logger?: Logger;
  /** The LLM classifier; built from the environment and config when not given. */
  classifier?: Classifier;
  tune?: Tune;
  random?: () => number;
  /** Slack Web API retry policy (tests use a rapid one). */
  slackRetry?: webApi.RetryOptions;
  classifyRetry?: { attempts: number; baseDelayMs: number };
  /** Rounds for a message whose processing failed (Slack, the database), with backoff between them. */
  roundRetry?: RoundRetry;
  /** Overrides the config's `post_pacing`; null = no pacing (tests). */
  postPacing?: { perSecond: number; burst: number } | null;
  /** First retry of a reaction or click that failed (default 2 s; tests shorten it). */
  eventRetryBaseMs?: number;
  /** SQLite busy_timeout: how long a write waits for another connection's lock. */
  dbBusyTimeoutMs?: number;
  /** How long a claimed inbox row stays this replica's without a heartbeat (tests shorten it). */
  leaseMs?: number;
  /** Called once per finished message with where its time went (the bench uses it). */
  onTimings?: (t: MessageTimings) => void;
  /** How long shutdown may take (default SHUTDOWN_TIMEOUT_S): in-flight work past it is left pending. */
  stopGraceMs?: number;
  /** How often the labels are checked for a first certificate while none decides (default a minute). */
  firstCertificateIntervalMs?: number;
  /** prom-client's process metrics (default on); tests that start many bots in one process turn them off. */
  processMetrics?: boolean;
  /** The clock for App Home and review reminders (tests pass a fake one). */
  clock?: () => number;
  /** How often stale reviews are checked when `review_nudge` is configured (default one minute). */
  nudgeIntervalMs?: number;
}

export interface RunningBot {
  app: App;
  worker: InboxWorker;
  events: EventWorker;
  store: Store;
  mode: "socket" | "http";
  /** HTTP mode: the port it listens on. */
  port: number | null;
  /** The prompt fingerprint labels are collected under. */
  promptFingerprint: string;
  /** Stale-review reminders; null when `review_nudge` is not configured. */
  nudger: Nudger | null;
  metrics: BotMetrics;
  /** Tells the admins, once, when the labels first allow a certificate. */
  firstCertificate: FirstCertificateWatch;
  /** Socket Mode: the port of /healthz, /readyz and /metrics (HTTP mode serves them on `port`). */
  healthPort: number | null;
  /** Stops taking events, lets in-flight work finish within the shutdown deadline, gives back the rest. */
  stop(): Promise<void>;
}

/** Slack and LLM credentials together, so one message names every missing variable. */
function credentials(
  env: Env,
  config: TriageConfig,
  needLlm: boolean,
): { slack: SlackSettings; llm: LlmSettings | null } {
  const problems: string[] = [];
  let slack: SlackSettings | null = null;
  let llm: LlmSettings | null = null;
  try {
    slack = slackSettings(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...(err.issues.length > 0 ? err.issues : [err.message]));
  }
  if (needLlm) {
    try {
      llm = llmSettings(env, config);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(
        "OPENAI_API_KEY (your LLM provider's API key), or OPENAI_BASE_URL for a local server that needs none",
      );
    }
  }
  if (!slack || problems.length > 0) {
    throw new ConfigError(
      `Cannot start in ${slackMode(env)} mode: missing ${problems.length} variable(s). Put them in .env (see .env.example); docs/slack-setup.md says where to find each.`,
      problems,
    );
  }
  return { slack, llm };
}

/** The real classifier, after the model's own tokenizer confirms every option label is one token. */
async function defaultClassifier(
  llm: LlmSettings | null,
  config: TriageConfig,
  logger: Logger,
): Promise<Classifier> {
  if (!llm) throw new ConfigError("No LLM settings.");
  const labels = [...labelCategories(config).map((o) => o.label), NONE_LABEL];
  const check = await checkLabels(llm.model, labels);
  if (!check.ok) {
    throw new ConfigError(`The option labels do not work with ${llm.model}:`, [
      ...check.problems,
      "set option_labels (digits or letters) or pick another model; `npx triage doctor` checks this",
    ]);
  }
  for (const warning of check.warnings) logger.warn(warning);
  return createClassifier(llm, config, { logger });
}

/** Values no log line may contain. */
export function secretsOf(env: Env): string[] {
  return [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN, env.OPENAI_API_KEY].filter(
    (s): s is string => typeof s === "string" && s.length > 0,
  );
}

export async function startBot(opts: BotOptions): Promise<RunningBot> {
  const { env, config } = opts;
  const { slack: settings, llm } = credentials(env, config, !opts.classifier);
  const logger =
    opts.logger ?? createLogger(env.LOG_LEVEL, undefined, undefined, secretsOf(env), env.LOG_FORMAT);
  const classifier = opts.classifier ?? (await defaultClassifier(llm, config, logger));
  const tune = opts.tune ?? defaultTune;
  const store = await openStore(databaseTarget(env), {
    // Under Slack's 3 s ack window: a lock held longer answers 500 and Slack delivers the event again.
    busyTimeoutMs: opts.dbBusyTimeoutMs ?? 2_000,
    log: (line) => logger.warn(line),
  });
  try {
    const metrics = createMetrics({ processMetrics: opts.processMetrics ?? true });
    metrics.backlogFrom(() => pendingCount(store));
    const clientOptions = countSlackCalls(slackClientOptions(settings, logger, opts.slackRetry), metrics);
    const client = new webApi.WebClient(settings.botToken, clientOptions);
    const identity = await identify(settings);
    const background = createBackground(logger);
    const fromFile =
      config.post_pacing.per_second > 0
        ? { perSecond: config.post_pacing.per_second, burst: config.post_pacing.burst }
        : null;
    const pacing = opts.postPacing === undefined ? fromFile : opts.postPacing;
    const worker = createInboxWorker({
      store,
      client,
      config,
      classifier,
      metrics,
      logger: logger.child("worker"),
      random: opts.random ?? Math.random,
      retry: opts.classifyRetry ?? { attempts: 3, baseDelayMs: 2_000 },
      // 30 s, 2 min, 8 min, 32 min, ~2 h: a Slack outage or a full disk has hours to clear.
      roundRetry: opts.roundRetry ?? { attempts: 6, baseDelayMs: 30_000 },
      concurrency: config.concurrency,
      ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}),
      ...(opts.onTimings ? { onTimings: opts.onTimings } : {}),
      ...(pacing ? { pacer: createChannelPacer(pacing) } : {}),
    });
    const people = createSlackPeople({
      client,
      logger: logger.child("labellers"),
      workspace: { teamId: identity.teamId, enterpriseId: identity.enterpriseId },
    });
    const mayLabel = createMayLabel({ config, people, botUserId: identity.botUserId });
    const events = createEventWorker({
      store,
      config,
      logger: logger.child("events"),
      mayLabel,
      wake: worker.wake,
      reply: replyEphemeral,
      refreshHome: (userId) =>
        publishHome(
          client,
          { store, config, promptFingerprint: classifier.promptFingerprint, mayLabel },
          userId,
          (opts.clock ?? Date.now)(),
        ),
      metrics,
      ...(opts.eventRetryBaseMs ? { retryBaseMs: opts.eventRetryBaseMs } : {}),
    });
    let socketConnected = false;
    const health = healthRoutes({
      metrics,
      checks: readinessChecks({
        store,
        worker,
        slackConnected: settings.mode === "socket" ? () => socketConnected : null,
        maxBacklog: env.READY_MAX_BACKLOG,
      }),
    });
    const app = createApp({
      settings,
      clientOptions,
      identity,
      health,
      metrics,
      events,
      mayLabel,
      backfill: (channel, days) =>
        backfillChannel(
          { store, client, classifier, config, workspace: identity },
          { channel, days, concurrency: config.concurrency },
        ),
      tell: async (userId, text) => {
        const dm = await client.conversations.open({ users: userId });
        if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text });
      },
      onSocketState: (connected) => {
        socketConnected = connected;
      },
      store,
      config,
      logger,
      wake: worker.wake,
      background,
      promptFingerprint: classifier.promptFingerprint,
      tune,
      ...(opts.clock ? { now: opts.clock } : {}),
    });
    const nudger = createNudger({
      store,
      client,
      config,
      logger: logger.child("nudge"),
      now: opts.clock ?? Date.now,
    });
    const server = await app.start(settings.port);
    const port =
      settings.mode === "http" ? ((server as { address(): AddressInfo }).address().port ?? null) : null;
    // Socket Mode has no HTTP server of its own: the probes and /metrics get one on PORT.
    const healthServer = settings.mode === "socket" ? await startHealthServer(health, settings.port) : null;
    worker.start();
    events.start();
    nudger?.start(opts.nudgeIntervalMs ?? 60_000);
    const firstCertificate = watchFirstCertificate({
      store,
      config,
      promptFingerprint: classifier.promptFingerprint,
      tune,
      client,
      logger: logger.child("retune"),
    });
    firstCertificate.start(opts.firstCertificateIntervalMs ?? 60_000);
    const retention = config.retention_days
      ? startRetention({ store, days: config.retention_days, logger: logger.child("retention") })
      : null;
    const deciding = await thresholdsNow(store, classifier.promptFingerprint, config);
    logger.info(decidingSentence(deciding));
    if (deciding.setId === null) {
      // How far the first certificate is: the same computation as retune, off the start-up path.
      background.run("what would certify", async () => {
        const needs = await labelNeedsNow({ store, config, promptFingerprint: classifier.promptFingerprint });
        logger.info(
          needs.length > 0
            ? `to certify: ${needs.map((n) => n.sentence).join("; ")}`
            : "to certify: no labels yet — label review cards, or import a labelled backfill (npx triage backfill)",
        );
      });
    }
    logger.info(labellerPolicyText(config));
    // A mistyped group ID or a missing usergroups:read scope shows in the log now, not at the first label.
    for (const group of (config.labellers ?? []).filter((id) => id.startsWith("S"))) {
      background.run(`members of user group ${group}`, () => people.inGroup(group, identity.botUserId));
    }
    logger.info(
      `triage bot up as <@${identity.botUserId}> (${settings.mode === "http" ? `HTTP on port ${port}` : "Socket Mode"}, model ${classifier.model}, ${store.dialect === "postgres" ? "Postgres" : "SQLite"} at ${store.location})`,
    );
    let stopped: Promise<void> | null = null;
    return {
      app,
      worker,
      events,
      store,
      mode: settings.mode,
      port,
      healthPort: healthServer?.port ?? null,
      promptFingerprint: classifier.promptFingerprint,
      nudger,
      metrics,
      firstCertificate,
      stop() {
        stopped ??= (async () => {
          const deadline = Date.now() + (opts.stopGraceMs ?? env.SHUTDOWN_TIMEOUT_S * 1000);
          const left = () => Math.max(0, deadline - Date.now());
          retention?.stop();
          firstCertificate.stop();
          // No new events: an HTTP request Slack sends now is refused, so Slack delivers it again later.
          (server as { closeIdleConnections?: () => void } | undefined)?.closeIdleConnections?.();
          const receiver = app
            .stop()
            .catch((err: Error) => logger.warn(`stopping the receiver: ${err.message}`));
          if (!(await settlesWithin(receiver, left())))
            logger.warn("stopping: the receiver did not close in time");
          await settlesWithin(nudger?.stop() ?? Promise.resolve(), left());
          await events.stop(left());
          await worker.stop(left());
          if (!(await settlesWithin(background.drain(), left()))) {
            logger.warn("stopping: background work (App Home, replies) did not finish in time");
          }
          await healthServer?.close().catch(() => undefined);
          await store.close();
        })();
        return stopped;
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
