/**
 * The tuner's input from the database: one record per classification under the current prompt, with the
 * decision it got at the time, its audit draw and rate, and the label people gave it and how (the tuner
 * weighs labels by how they were collected: see docs/retune-method.md). A classifier failure has no scores
 * to learn from and is left out.
 */
import type { TriageConfig } from "../../config.js";
import { effectiveLabel } from "../../decide/label-vote.js";
import type { TuneRecord } from "../../decide/tune-types.js";
import { normalizeReaction } from "../../slack/reactions.js";
import { type TuningLabel, tuningRows } from "../../store/queries/tuning-rows.js";
import type { Store } from "../../store/store.js";

const CONFIRMATIONS = new Set(["white_check_mark", "heavy_check_mark"]);

export async function loadTuneRecords(
  store: Store,
  promptFingerprint: string,
  config: Pick<TriageConfig, "audit_rate">,
): Promise<TuneRecord[]> {
  const { classifications, labels } = await tuningRows(store, promptFingerprint);
  const byMessage = new Map<number, TuningLabel[]>();
  for (const l of labels) byMessage.set(l.messageId, [...(byMessage.get(l.messageId) ?? []), l]);
  const records: TuneRecord[] = [];
  for (const c of classifications) {
    if (Object.keys(c.probs).length === 0) continue;
    const given = byMessage.get(c.messageId) ?? [];
    const effective = effectiveLabel(given);
    const row = effective
      ? given.findLast((l) => l.userId === effective.userId && l.label === effective.label)
      : null;
    records.push({
      id: String(c.messageId),
      probs: c.probs,
      other: c.other,
      // No decision selected these by their score: history read by a backfill, and messages sent to review
      // only because no certified set decided yet (auto_route: certified) — every message went there.
      decision: c.origin === "backfill" || c.reason === "uncertified" ? null : c.decision,
      audit: c.audit,
      // Rows from before the rate was stored were decided under today's (the config rarely changes it).
      auditRate: c.auditRate ?? config.audit_rate,
      label: effective?.label ?? null,
      labelSource: effective ? (effective.source as TuneRecord["labelSource"]) : null,
      // A ✅ on a card the bot sent to review answers it like a click; only one a person chose to give on a
      // message routed on its own is a confirmation (selective, so it never counts).
      ...(effective?.source === "reaction" &&
      row?.reaction &&
      CONFIRMATIONS.has(normalizeReaction(row.reaction))
        ? { confirmation: true }
        : {}),
    });
  }
  return records;
}
