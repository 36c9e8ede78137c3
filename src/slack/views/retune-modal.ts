/** The retune preview as a modal (from App Home's button): the report, and Apply for admins (pure). */
import type { types } from "@slack/bolt";
import type { LabelTally } from "../../services/feedback/labels-by-person.js";
import { certifiesNothing, type RetunePreview } from "../../services/retune/retune.js";
import { type Block, mrkdwn } from "./blocks.js";
import { retuneReportView } from "./commands.js";

export const RETUNE_MODAL = "retune_apply_modal";

const plain = (text: string) => ({ type: "plain_text" as const, text });

export function messageModal(title: string, text: string): types.ModalView {
  return {
    type: "modal",
    title: plain(title.slice(0, 24)),
    close: plain("Close"),
    blocks: [{ type: "section", text: mrkdwn(text) }],
  };
}

export function retuneModal(
  preview: Pick<RetunePreview, "setId" | "report" | "current">,
  labellers?: LabelTally,
): types.ModalView {
  const report = retuneReportView({ ...preview, withButtons: false, ...(labellers ? { labellers } : {}) });
  const empty = certifiesNothing(preview.report.thresholds);
  const note: Block = {
    type: "context",
    elements: [
      mrkdwn(
        empty
          ? "Nothing to apply: no area can be certified from these labels yet, so the thresholds in force stay."
          : `*Apply set #${preview.setId}* makes these thresholds decide from the next message on. ` +
              "Run `/triage retune` in a channel to get the risk–coverage and reliability charts there.",
      ),
    ],
  };
  return {
    type: "modal",
    callback_id: RETUNE_MODAL,
    private_metadata: String(preview.setId),
    title: plain("Retune preview"),
    close: plain(empty ? "Close" : "Cancel"),
    ...(empty ? {} : { submit: plain(`Apply set #${preview.setId}`.slice(0, 24)) }),
    blocks: [...report.blocks, note],
  };
}
