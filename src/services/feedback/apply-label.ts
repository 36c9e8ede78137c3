/**
 * A person labelled a message (reaction or review card). The label is stored against the classification;
 * when the message's label now names a different category than where it went, it is re-routed, and a
 * message waiting on a card is marked decided. Slack effects follow from the worker.
 */

import { effectiveLabel } from "../../decide/label-vote.js";
import { classificationOf } from "../../store/queries/classifications.js";
import { getMessage, lockMessage, reopenWithDecision } from "../../store/queries/inbox.js";
import { type LabelSource, labelRowsOf, recordLabel, userLabel } from "../../store/queries/labels.js";
import type { Store } from "../../store/store.js";

export interface HumanLabel {
  messageId: number;
  userId: string;
  /** A category id, "other", or "confirm" (= our top category was right). */
  label: string;
  source: LabelSource;
  reaction?: string | null;
  reactionItem?: string | null;
  at?: number;
}

export type LabelOutcome =
  | { status: "ignored"; reason: string }
  | {
      status: "recorded";
      label: string;
      effect: "rerouted" | "routed" | "decided" | "none";
      /** How the label was collected (see collectedAs). */
      source: LabelSource;
    };

/**
 * How a label was collected, which is what the tuner weighs it by: an emoji on a message the bot sent to
 * review (or drew for the audit) answers that request like a click does; only an emoji on a message the
 * bot routed on its own is a person's own choice to speak up (`reaction`).
 */
function collectedAs(source: LabelSource, c: { decision: "route" | "review"; audit: boolean }): LabelSource {
  if (source !== "reaction") return source;
  if (c.decision === "review") return "review";
  return c.audit ? "audit" : "reaction";
}

/** The label a message carries now (see decide/label-vote.ts), or null when nobody labelled it. */
export async function labelNow(store: Store, messageId: number) {
  return effectiveLabel(await labelRowsOf(store, messageId));
}

export function applyHumanLabel(store: Store, input: HumanLabel): Promise<LabelOutcome> {
  return store.tx(async (db): Promise<LabelOutcome> => {
    await lockMessage(db, input.messageId);
    const message = await getMessage(db, input.messageId);
    const c = await classificationOf(db, input.messageId);
    if (!message || !c) return { status: "ignored", reason: "message not classified yet" };
    const label = input.label === "confirm" ? c.topCategory : input.label;
    if (!label) return { status: "ignored", reason: "nothing to confirm (no top category)" };
    const at = input.at ?? Date.now();
    const source = collectedAs(input.source, c);
    const repeat = input.source !== "reaction" && (await userLabel(db, message.id, input.userId)) === label;
    if (!repeat) {
      await recordLabel(db, {
        messageId: message.id,
        classificationId: c.id,
        userId: input.userId,
        label,
        source,
        reaction: input.reaction ?? null,
        reactionItem: input.reactionItem ?? null,
        at,
      });
    }
    // History read to be labelled: the label is recorded, and nothing is posted or re-routed.
    if (message.origin === "backfill") return { status: "recorded", label, effect: "none", source };
    const effective = (await labelNow(db, message.id))?.label ?? label;
    const awaitsDecision = (c.decision === "review" || c.audit) && message.resolvedAt === null;
    if (effective !== "other" && effective !== message.routedCategory) {
      await reopenWithDecision(db, message.id, {
        routedCategory: effective,
        resolvedBy: input.userId,
        resolvedAt: at,
      });
      return { status: "recorded", label, effect: message.routedCategory ? "rerouted" : "routed", source };
    }
    if (awaitsDecision) {
      await reopenWithDecision(db, message.id, { resolvedBy: input.userId, resolvedAt: at });
      return { status: "recorded", label, effect: "decided", source };
    }
    return { status: "recorded", label, effect: "none", source };
  });
}
