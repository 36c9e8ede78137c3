/**
 * Backfill: a channel's last N days, read through conversations.history, filtered by the live intake's
 * rules, classified with the live prompt and stored with `origin = 'backfill'` — to be labelled by hand.
 * Posts nothing. Each message is stored with its classification as soon as its answer arrives, so a crash
 * loses only the calls in flight, and a second run skips what is stored. A message whose LLM call fails
 * (after the client's retries) is left out and counted: the next run tries it again.
 */
import type { webApi } from "@slack/bolt";
import { classifyMany } from "../../classify/classify-many.js";
import { storedClassification } from "../../classify/stored-classification.js";
import type { Classifier } from "../../classify/types.js";
import type { TriageConfig } from "../../config.js";
import { decide } from "../../decide/decision.js";
import { TriageError } from "../../errors.js";
import type { Identity } from "../../slack/identify.js";
import { permalinkFor } from "../../slack/identify.js";
import { filterMessage, type InboundMessage, ownChannels } from "../../slack/message-filter.js";
import { storeBackfilled, storedSince } from "../../store/queries/backfill.js";
import type { Store } from "../../store/store.js";
import { thresholdsNow } from "../retune/thresholds-now.js";
import { readHistory } from "./read-history.js";

const DAY_MS = 86_400_000;
/**
 * The last minutes are left to live intake: Slack delivers (and retries, for about five minutes) each new
 * message's event, and a message backfill stored first would be refused by the inbox as already known.
 */
const LIVE_MARGIN_MS = 10 * 60_000;

/** The review channel or a route channel: the bot's own posts live there, not support questions. */
export class NotASupportChannelError extends TriageError {
  override name = "NotASupportChannelError";
}

export interface BackfillDeps {
  store: Store;
  /** Used to read history only. */
  client: webApi.WebClient;
  classifier: Classifier;
  config: TriageConfig;
  /** From auth.test (identify): the team messages are stored under, the URL permalinks are built from. */
  workspace: Pick<Identity, "teamId" | "url" | "botUserId">;
  now?: () => number;
}

export type BackfillProgress =
  | { phase: "reading"; read: number; pages: number; waitSeconds: number | null }
  | { phase: "classifying"; done: number; total: number; failed: number; elapsedMs: number };

export interface BackfillRequest {
  channel: string;
  days: number;
  concurrency: number;
  onProgress?: (progress: BackfillProgress) => void;
  /** Stops taking messages and cancels the calls in flight; the summary says `complete: false`. */
  signal?: AbortSignal;
}

export interface BackfillSummary {
  channel: string;
  /** Messages posted after this time (epoch ms) were read. */
  since: number;
  /** The same, as a Slack ts: what backfilledRows takes. */
  oldestTs: string;
  /** Messages conversations.history returned. */
  read: number;
  skipped: {
    /** Not what live intake triages: bots, joins, thread replies, empty messages… */
    filtered: number;
    /** Backfilled by an earlier run. */
    alreadyDone: number;
    /** Triaged live by the bot: they have their own decision and labels. */
    live: number;
  };
  classified: number;
  failed: number;
  /** Why the last failed message failed. */
  lastError: string | null;
  /** False when the signal stopped it first. */
  complete: boolean;
}

/** A time (epoch ms) as Slack writes a ts: seconds with six decimals. */
function slackTs(at: number): string {
  return (at / 1000).toFixed(6);
}

export async function backfillChannel(deps: BackfillDeps, req: BackfillRequest): Promise<BackfillSummary> {
  const { store, config, workspace } = deps;
  const own = ownChannels(config);
  if (own.has(req.channel)) {
    const role = req.channel === config.review_channel ? "the review channel" : "a route channel";
    throw new NotASupportChannelError(
      `${req.channel} is ${role}, where the bot posts: backfill a support channel instead`,
    );
  }
  const now = (deps.now ?? Date.now)();
  const since = now - req.days * DAY_MS;
  const oldestTs = slackTs(since);
  const reading = { read: 0, pages: 0 };
  const history = await readHistory(deps.client, {
    channel: req.channel,
    oldest: oldestTs,
    latest: slackTs(now - LIVE_MARGIN_MS),
    onPage: (read, pages) => {
      Object.assign(reading, { read, pages });
      req.onProgress?.({ phase: "reading", ...reading, waitSeconds: null });
    },
    onRateLimited: (seconds) => req.onProgress?.({ phase: "reading", ...reading, waitSeconds: seconds }),
  });

  const ctx = { supportChannels: [req.channel], ownChannels: own, botUserId: workspace.botUserId };
  const stored = await storedSince(store, req.channel, oldestTs);
  const todo = new Map<string, InboundMessage>();
  const skipped = { filtered: 0, alreadyDone: 0, live: 0 };
  for (const m of history) {
    // History messages carry no channel: they are the channel's.
    const result = filterMessage({ ...m, channel: req.channel }, ctx);
    if (!result.accept) skipped.filtered++;
    else if (stored.get(result.message.ts) === "backfill") skipped.alreadyDone++;
    else if (stored.get(result.message.ts) === "live") skipped.live++;
    else todo.set(result.message.ts, result.message);
  }
  const items = [...todo.values()].sort((a, b) => Number(a.ts) - Number(b.ts));

  const inForce = await thresholdsNow(store, deps.classifier.promptFingerprint, config);
  let classified = 0;
  let failed = 0;
  let lastError: string | null = null;
  let finished = 0;
  const started = performance.now();
  const progress = (done: number) =>
    req.onProgress?.({
      phase: "classifying",
      done,
      total: items.length,
      failed,
      elapsedMs: performance.now() - started,
    });
  progress(0);
  await classifyMany(items, deps.classifier, {
    concurrency: req.concurrency,
    ...(req.signal ? { signal: req.signal } : {}),
    onOutcome: async ({ item, result, error }) => {
      if (result) {
        const id = await storeBackfilled(
          store,
          {
            teamId: workspace.teamId,
            channelId: item.channelId,
            ts: item.ts,
            userId: item.userId,
            text: item.text,
            permalink: permalinkFor(workspace.url, item.channelId, item.ts),
          },
          {
            ...storedClassification(result, decide(result, inForce.thresholds), inForce.setId),
            audit: false,
          },
        );
        if (id === null) skipped.alreadyDone++;
        else classified++;
      } else {
        failed++;
        lastError = error?.message ?? "unknown error";
      }
      // Counted here, once stored: writes finish in their own order, so the pool's count may run ahead.
      progress(++finished);
    },
  });
  return {
    channel: req.channel,
    since,
    oldestTs,
    read: history.length,
    skipped,
    classified,
    failed,
    lastError,
    complete: !req.signal?.aborted,
  };
}
