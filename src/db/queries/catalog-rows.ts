/**
 * The rows the "other" catalog is built from: the latest classification of every message classified
 * since a time, with its text, link and the label people gave. Two queries in all, whatever the count.
 */

import type { CatalogRow } from "../../insights/other-catalog.js";
import type { Db } from "../open.js";
import { and, eq, gte, inArray, isNull } from "../orm.js";
import { classifications, feedback, messages } from "../schema.js";
import { effectiveLabel } from "./labels.js";
import { isLatestClassification } from "./latest-classification.js";

export function catalogRows(db: Db, since: number): CatalogRow[] {
  const rows = db
    .select({
      messageId: classifications.messageId,
      text: messages.text,
      permalink: messages.permalink,
      strayTokens: classifications.strayTokens,
      other: classifications.other,
      decision: classifications.decision,
      reason: classifications.reason,
      at: classifications.createdAt,
    })
    .from(classifications)
    .leftJoin(messages, eq(messages.id, classifications.messageId))
    .where(and(gte(classifications.createdAt, since), isLatestClassification(db)))
    .all();

  const labels = db
    .select({
      id: feedback.id,
      messageId: feedback.messageId,
      userId: feedback.userId,
      label: feedback.label,
      source: feedback.source,
      createdAt: feedback.createdAt,
    })
    .from(feedback)
    .where(
      and(
        isNull(feedback.retractedAt),
        inArray(
          feedback.messageId,
          db
            .select({ id: classifications.messageId })
            .from(classifications)
            .where(gte(classifications.createdAt, since)),
        ),
      ),
    )
    .all();
  const byMessage = new Map<number, typeof labels>();
  for (const l of labels) {
    const list = byMessage.get(l.messageId);
    if (list) list.push(l);
    else byMessage.set(l.messageId, [l]);
  }

  return rows.map((r) => ({
    ...r,
    label: r.messageId === null ? null : (effectiveLabel(byMessage.get(r.messageId) ?? [])?.label ?? null),
  }));
}
