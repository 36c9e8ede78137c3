/**
 * A person labelled a message (reaction or review card). The label is stored against the classification;
 * when the message's label now names a different category than where it went, it is re-routed, and a
 * message waiting on a card is marked decided. Slack effects follow from the worker.
 */

import { classificationOf } from "../db/queries/classifications.js";
import { getMessage, lockMessage, reopenWithDecision } from "../db/queries/inbox.js";
import { type LabelSource, messageLabel, recordLabel } from "../db/queries/labels.js";
import { userLabel } from "../db/queries/user-label.js";
import type { Store } from "../db/store.js";

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
  | { status: "recorded"; label: string; effect: "rerouted" | "routed" | "decided" | "none" };

export function applyHumanLabel(store: Store, input: HumanLabel): Promise<LabelOutcome> {
  return store.tx(async (db): Promise<LabelOutcome> => {
    await lockMessage(db, input.messageId);
    const message = await getMessage(db, input.messageId);
    const c = await classificationOf(db, input.messageId);
    if (!message || !c) return { status: "ignored", reason: "message not classified yet" };
    const label = input.label === "confirm" ? c.topCategory : input.label;
    if (!label) return { status: "ignored", reason: "nothing to confirm (no top category)" };
    const at = input.at ?? Date.now();
    const repeat = input.source !== "reaction" && (await userLabel(db, message.id, input.userId)) === label;
    if (!repeat) {
      await recordLabel(db, {
        messageId: message.id,
        classificationId: c.id,
        userId: input.userId,
        label,
        source: input.source,
        reaction: input.reaction ?? null,
        reactionItem: input.reactionItem ?? null,
        at,
      });
    }
    // History read by a backfill was never triaged: a label is all it takes, nothing is routed or posted.
    if (message.origin === "backfill") return { status: "recorded", label, effect: "none" };
    const effective = (await messageLabel(db, message.id))?.label ?? label;
    const awaitsDecision = (c.decision === "review" || c.audit) && message.resolvedAt === null;
    if (effective !== "other" && effective !== message.routedCategory) {
      await reopenWithDecision(db, message.id, {
        routedCategory: effective,
        resolvedBy: input.userId,
        resolvedAt: at,
      });
      return { status: "recorded", label, effect: message.routedCategory ? "rerouted" : "routed" };
    }
    if (awaitsDecision) {
      await reopenWithDecision(db, message.id, { resolvedBy: input.userId, resolvedAt: at });
      return { status: "recorded", label, effect: "decided" };
    }
    return { status: "recorded", label, effect: "none" };
  });
}
