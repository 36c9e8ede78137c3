/**
 * Labelling backfilled history from App Home: the next message waiting for a label, one at a time. They
 * come in a fixed shuffled order (a hash of the id), so a team that labels only part of them has labelled
 * a random part — which is what lets the tuner count those labels as a sample of the channel.
 */
import { createHash } from "node:crypto";
import { backfillLabelling } from "../../store/queries/backfill.js";
import { classificationOf } from "../../store/queries/classifications.js";
import { getMessage } from "../../store/queries/inbox.js";
import type { Store } from "../../store/store.js";

export interface LabellingItem {
  messageId: number;
  channelId: string;
  text: string;
  permalink: string | null;
  probs: Record<string, number>;
  other: number;
  topCategory: string | null;
  topProb: number;
}

export interface LabellingState {
  /** Backfilled messages classified under the current prompt, and how many carry a label. */
  total: number;
  labelled: number;
  next: LabellingItem | null;
}

const orderKey = (id: number) => createHash("sha1").update(`label-order:${id}`).digest().readUInt32BE(0);

/** The next message to label; `after` = the one just skipped (the order goes on from there, then wraps). */
export async function nextToLabel(
  store: Store,
  promptFingerprint: string,
  after?: number,
): Promise<LabellingState> {
  const { total, unlabelled } = await backfillLabelling(store, promptFingerprint);
  const order = unlabelled
    .map((id) => ({ id, key: orderKey(id) }))
    .sort((a, b) => a.key - b.key || a.id - b.id);
  const from = after === undefined ? -1 : order.findIndex((o) => o.id === after);
  const pick = order[from + 1] ?? order[0];
  let next: LabellingItem | null = null;
  if (pick) {
    const message = await getMessage(store, pick.id);
    const c = await classificationOf(store, pick.id);
    if (message && c) {
      next = {
        messageId: message.id,
        channelId: message.channelId,
        text: message.text,
        permalink: message.permalink,
        probs: c.probs,
        other: c.other,
        topCategory: c.topCategory,
        topProb: c.topProb,
      };
    }
  }
  return { total, labelled: total - unlabelled.length, next };
}
