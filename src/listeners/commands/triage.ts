/**
 * `/triage …`: parse, check admin rights server-side for anything that changes thresholds, call the
 * domain, answer ephemerally. Quick answers go in the ack; a retune and the thresholds (which read every
 * label) are acknowledged at once and answered through the command's response_url when ready.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { NONE_LABEL } from "../../classify/labels.js";
import { labelsOf } from "../../services/feedback/labels-by-person.js";
import { catalogRows, otherCatalog } from "../../services/insights.js";
import {
  activateSet,
  activationLog,
  certifiesNothing,
  labelNeedsNow,
  previewRetune,
  type RetunePreview,
} from "../../services/retune/retune.js";
import { thresholdsNow } from "../../services/retune/thresholds-now.js";
import { statsSince } from "../../services/stats.js";
import { uploadRetuneCharts } from "../../slack/upload-charts.js";
import { activationText, refusal } from "../../slack/views/admin-replies.js";
import type { PostContent } from "../../slack/views/blocks.js";
import {
  helpText,
  historyView,
  retuneOutcomeView,
  retuneReportView,
  statsView,
  thresholdsView,
} from "../../slack/views/commands.js";
import { insightsView } from "../../slack/views/insights.js";
import { forgetConfirmView } from "../../slack/views/labellers.js";
import type { ListenerDeps } from "../deps.js";
import { ADMIN_ONLY, parseTriageCommand, type TriageCommand } from "./parse-command.js";

const ADMIN_WHAT: Partial<Record<TriageCommand["name"], string>> = {
  retune: "run `/triage retune`",
  retune_apply: "run `/triage retune apply`",
  rollback: "roll thresholds back",
  labels_forget: "forget someone's labels",
  backfill: "run a backfill",
};

const DAY_MS = 86_400_000;

const NOTHING_TO_APPLY =
  "Nothing was applied: no area can be certified from these labels yet, so the thresholds in force stay. Keep labelling and retune again.";

async function answer(
  deps: ListenerDeps,
  cmd: TriageCommand,
  userId: string,
  onPreview: (preview: RetunePreview) => void,
): Promise<PostContent | { text: string }> {
  const { store, config } = deps;
  switch (cmd.name) {
    case "help":
      return { text: helpText() };
    case "invalid":
      return { text: `${cmd.problem}.\n\n${helpText()}` };
    case "stats": {
      const since = (deps.now?.() ?? Date.now()) - cmd.days * DAY_MS;
      return statsView(
        await statsSince(
          store,
          since,
          config.categories.map((c) => c.id),
        ),
        cmd.days,
      );
    }
    case "insights": {
      const since = (deps.now?.() ?? Date.now()) - cmd.days * DAY_MS;
      const catalog = otherCatalog(await catalogRows(store, since), { noneTokens: [NONE_LABEL] });
      return insightsView(catalog, cmd.days);
    }
    case "thresholds":
      return thresholdsView(
        await thresholdsNow(store, deps.promptFingerprint, config),
        config.categories,
        await labelNeedsNow(deps),
      );
    case "history":
      return historyView(await activationLog(store, 15));
    case "retune":
    case "retune_apply": {
      const preview = await previewRetune(deps, userId);
      onPreview(preview);
      const empty = certifiesNothing(preview.report.thresholds);
      const view = retuneReportView({ ...preview, withButtons: cmd.name === "retune" && !empty });
      if (empty) return retuneOutcomeView(view, NOTHING_TO_APPLY);
      if (cmd.name === "retune") return view;
      const outcome = await activateSet(store, {
        setId: preview.setId,
        by: userId,
        action: "apply",
        promptFingerprint: deps.promptFingerprint,
      });
      return retuneOutcomeView(view, activationText(outcome, userId));
    }
    case "backfill":
      // Started by startBackfill before an answer is asked for.
      return { text: "Backfill started." };
    case "labels_forget":
      // Only a confirmation: nothing is taken back until an admin clicks Forget (labels-forget.ts).
      return forgetConfirmView({ ...cmd, labels: await labelsOf(store, cmd.userId) });
    case "rollback":
      return {
        text: activationText(
          await activateSet(store, {
            setId: cmd.id,
            by: userId,
            action: "rollback",
            promptFingerprint: deps.promptFingerprint,
          }),
          userId,
        ),
      };
  }
}

/**
 * `/triage backfill N`: acknowledged at once; the history is read and classified in the background (it can
 * take minutes), and the admin gets a direct message when it is done.
 */
async function startBackfill(
  deps: ListenerDeps,
  args: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  days: number,
): Promise<void> {
  const { command, ack } = args;
  const channel = command.channel_id;
  const backfill = deps.backfill;
  if (!backfill) {
    await ack({ response_type: "ephemeral", text: "Backfill is not available in this bot." });
    return;
  }
  await ack({
    response_type: "ephemeral",
    text: `Reading the last ${days} days of <#${channel}> for labelling; I'll send you a message when the best guesses are ready. Nothing is posted in the channel.`,
  });
  deps.logger.info(`/triage backfill ${days} in ${channel} by ${command.user_id}`);
  deps.background.run(`backfill of ${channel}`, async () => {
    let text: string;
    try {
      const s = await backfill(channel, days);
      const skipped = s.skipped.filtered + s.skipped.live;
      text =
        `:card_index_dividers: Backfill of <#${channel}> (last ${days} days): *${s.classified + s.skipped.alreadyDone} messages, best guesses ready* — label them in my App Home tab (Labelling).` +
        (skipped > 0 ? ` ${skipped} were skipped (bots, joins, replies, or already triaged live).` : "") +
        (s.failed > 0
          ? ` ${s.failed} could not be classified (${s.lastError ?? "LLM error"}); run it again to retry them.`
          : "");
    } catch (err) {
      text = `:warning: Backfill of <#${channel}> did not run: ${(err as Error).message}`;
    }
    await deps.tell?.(command.user_id, text);
  });
}

/** The charts go to the channel the command came from; if that fails, the admin is told why. */
function postCharts(
  deps: ListenerDeps,
  args: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  p: RetunePreview,
) {
  const channelId = args.command.channel_id;
  deps.background.run(`retune charts for set #${p.setId}`, async () => {
    // Drawing takes a moment of CPU: let Slack have its answer first.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      await uploadRetuneCharts(args.client, { channelId, setId: p.setId, rows: p.rows, report: p.report });
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
      deps.logger.warn(`retune charts for set #${p.setId} in ${channelId}: ${code}`);
      await args.respond({
        response_type: "ephemeral",
        text: `The retune charts could not be posted here (${code}). Invite the bot to this channel (\`/invite @triage\`) and retune again, or draw them with \`npx triage retune --from FILE --chart out.png\`.`,
      });
    }
  });
}

export function triageCommand(deps: ListenerDeps) {
  return async (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const { ack, command } = args;
    const cmd = parseTriageCommand(command.text ?? "");
    if (ADMIN_ONLY.has(cmd.name) && !deps.config.admins.includes(command.user_id)) {
      deps.logger.info(`/triage ${cmd.name} refused for ${command.user_id} (not an admin)`);
      await ack({ response_type: "ephemeral", text: refusal(ADMIN_WHAT[cmd.name] ?? "do that") });
      return;
    }
    if (cmd.name === "backfill") {
      await startBackfill(deps, args, cmd.days);
      return;
    }
    // Answers that read every label are acknowledged at once and delivered through the response_url.
    const slow = cmd.name === "retune" || cmd.name === "retune_apply" || cmd.name === "thresholds";
    if (slow) {
      const what =
        cmd.name === "thresholds" ? "the thresholds and what would certify more" : "the retune report";
      await ack({ response_type: "ephemeral", text: `Working out ${what} from every label…` });
    }
    const reply = async (): Promise<{
      content: PostContent | { text: string };
      preview: RetunePreview | null;
    }> => {
      let preview: RetunePreview | null = null;
      try {
        const content = await answer(deps, cmd, command.user_id, (p) => {
          preview = p;
        });
        if (ADMIN_ONLY.has(cmd.name)) deps.logger.info(`/triage ${command.text} by ${command.user_id}`);
        return { content, preview };
      } catch (err) {
        deps.logger.error(`/triage ${command.text}: ${(err as Error).message}`);
        return { content: { text: "Sorry, that failed; the bot's log has the details." }, preview: null };
      }
    };
    if (!slow) {
      await ack({ response_type: "ephemeral", ...(await reply()).content });
      return;
    }
    deps.background.run(`/triage ${cmd.name} for ${command.user_id}`, async () => {
      const { content, preview } = await reply();
      await args.respond({ response_type: "ephemeral", replace_original: true, ...content });
      if (preview && preview.rows.length > 0) postCharts(deps, args, preview);
    });
  };
}
