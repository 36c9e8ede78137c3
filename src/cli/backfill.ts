/**
 * `triage backfill --channel C --days N --out FILE.csv [--concurrency N] [--force]`: classify a channel's
 * history (posts nothing) and write a CSV to label by hand. Needs the bot token and the LLM, not a running bot.
 */
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { webApi } from "@slack/bolt";
import { createClassifier } from "../classify/openai-classifier.js";
import { loadSetup } from "../config.js";
import { ConfigError, UsageError } from "../errors.js";
import { createLogger } from "../logger.js";
import {
  type BackfillProgress,
  type BackfillSummary,
  backfillChannel,
} from "../services/backfill/backfill-channel.js";
import { historyCsv } from "../services/backfill/history-csv.js";
import { slackClientOptions } from "../slack/client-options.js";
import { identify } from "../slack/identify.js";
import { backfilledRows } from "../store/queries/backfill.js";
import { openStore } from "../store/store.js";
import { integerFlag, parseCommandArgs } from "./args.js";
import type { CliIo } from "./io.js";
import { progressLine, progressReporter } from "./progress.js";

const USAGE = "backfill --channel C0123ABCD --days 30 --out history.csv [--concurrency 4] [--force]";
const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

function readingLine(p: Extract<BackfillProgress, { phase: "reading" }>): string {
  const wait = p.waitSeconds === null ? "" : ` · Slack asked to wait ${p.waitSeconds} s, waiting`;
  return `reading history: ${p.read} messages (${p.pages} page${p.pages === 1 ? "" : "s"})${wait}`;
}

function summaryLines(s: BackfillSummary, days: number): string[] {
  const { filtered, alreadyDone, live } = s.skipped;
  const lines = [
    `${s.channel}, last ${days} day${days === 1 ? "" : "s"}: ${s.read} message${s.read === 1 ? "" : "s"} read`,
    `  ${s.classified} classified now · ${alreadyDone} done by an earlier run · ${filtered} skipped (bots, joins, thread replies, empty)` +
      (live > 0 ? ` · ${live} triaged live by the bot already` : ""),
  ];
  if (s.failed > 0) {
    lines.push(
      `  ${s.failed} failed and left out (run the same command again to retry them); last error: ${s.lastError}`,
    );
  }
  return lines;
}

export async function runBackfill(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      channel: { type: "string" },
      days: { type: "string" },
      out: { type: "string" },
      concurrency: { type: "string" },
      force: { type: "boolean" },
    },
    USAGE,
  );
  const channel = values.channel;
  if (positionals.length > 0 || typeof channel !== "string" || values.days === undefined || !values.out) {
    throw new UsageError(`backfill needs --channel, --days and --out (usage: triage ${USAGE})`);
  }
  if (!CHANNEL_ID.test(channel)) {
    throw new UsageError(`--channel must be a channel ID such as C0123ABCD, not a #name (got '${channel}')`);
  }
  const days = integerFlag("days", values.days, 1, 3650) as number;
  const out = String(values.out);
  if (existsSync(out) && !values.force) {
    throw new UsageError(
      `${out} exists (labels in it would be lost): pick another --out, or add --force to replace it`,
    );
  }
  const setup = loadSetup();
  const token = setup.env.SLACK_BOT_TOKEN;
  if (!token) {
    throw new ConfigError(
      "backfill reads the channel's history through Slack's Web API: set SLACK_BOT_TOKEN (xoxb-…, OAuth & Permissions → Bot User OAuth Token)",
    );
  }
  const concurrency = integerFlag("concurrency", values.concurrency, 1, 64) ?? setup.config.concurrency;
  const quiet = createLogger("error", () => {});
  const workspace = await identify({ botToken: token, apiUrl: setup.env.SLACK_API_URL });
  const client = new webApi.WebClient(token, {
    ...slackClientOptions(
      { apiUrl: setup.env.SLACK_API_URL },
      quiet,
      webApi.retryPolicies.fiveRetriesInFiveMinutes,
    ),
    timeout: 30_000,
  });
  const classifier = createClassifier(setup.llm, setup.config, {
    logger: createLogger(setup.env.LOG_LEVEL, io.err),
  });

  const store = await openStore(setup.database);
  try {
    const progress = progressReporter(io);
    const summary = await backfillChannel(
      { store, client, classifier, config: setup.config, workspace },
      {
        channel,
        days,
        concurrency,
        onProgress: (p) => {
          if (p.phase === "reading") progress.show(readingLine(p), p.waitSeconds !== null);
          else
            progress.show(
              progressLine(p.done, p.total, p.elapsedMs, p.failed),
              p.done === 0 || p.done === p.total,
            );
        },
      },
    ).finally(() => progress.done());
    const rows = await backfilledRows(store, channel, summary.oldestTs);
    // Written whole, then moved into place: a crash never leaves half a file where labels are expected.
    writeFileSync(`${out}.partial`, historyCsv(rows));
    renameSync(`${out}.partial`, out);
    for (const line of summaryLines(summary, days)) io.out(line);
    const supportChannels = setup.config.support_channels;
    if (supportChannels.length > 0 && !supportChannels.includes(channel)) {
      io.out(
        `note: ${channel} is not one of support_channels: the bot does not triage it live, so its history may not look like what the bot routes`,
      );
    }
    io.out(`Wrote ${rows.length} row${rows.length === 1 ? "" : "s"} to ${out}. Nothing was posted in Slack.`);
    io.out(
      `Next: fill in the label column (${setup.config.categories.map((c) => c.id).join(", ")} or other; ` +
        `leave a row empty to skip it), then: npx triage labels import ${out} --by <your Slack member ID>`,
    );
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
