/**
 * What `/triage stats` shows for a time window: volume, how much was routed vs reviewed, how
 * often the bot's top category matched the label people gave, per category, and what could not be posted.
 */

import type { Db } from "../open.js";
import { and, gte, inArray, isNull } from "../orm.js";
import { classifications, feedback, messages } from "../schema.js";
import { effectiveLabel } from "./labels.js";

export interface CategoryStats {
  category: string;
  /** Messages whose top category was this one. */
  top: number;
  routed: number;
  labelled: number;
  correct: number;
}

export interface Stats {
  since: number;
  received: number;
  classified: number;
  routed: number;
  review: { other: number; low_confidence: number; classifier_error: number };
  audited: number;
  decidedByPeople: number;
  labelled: number;
  /** Messages whose Slack posts could not be made: given up on (`failed`), or waiting for another try. */
  unfinished: { failed: number; retrying: number };
  categories: CategoryStats[];
}

export function statsSince(db: Db, since: number, categoryIds: readonly string[]): Stats {
  const received = db
    .select({
      id: messages.id,
      resolvedAt: messages.resolvedAt,
      status: messages.status,
      failures: messages.failures,
    })
    .from(messages)
    .where(gte(messages.receivedAt, since))
    .all();
  // The window as a subquery, not a list of ids: the SQL text stays the same however many messages there
  // are, so the connection compiles it once (see pinned-statements.ts).
  const inWindow = db.select({ id: messages.id }).from(messages).where(gte(messages.receivedAt, since));
  const latest = new Map<number, typeof classifications.$inferSelect>();
  for (const c of db
    .select()
    .from(classifications)
    .where(inArray(classifications.messageId, inWindow))
    .all()) {
    const prev = c.messageId === null ? undefined : latest.get(c.messageId);
    if (c.messageId !== null && (!prev || c.id > prev.id)) latest.set(c.messageId, c);
  }
  const labels = new Map<number, (typeof feedback.$inferSelect)[]>();
  for (const f of db
    .select()
    .from(feedback)
    .where(and(inArray(feedback.messageId, inWindow), isNull(feedback.retractedAt)))
    .all()) {
    const list = labels.get(f.messageId);
    if (list) list.push(f);
    else labels.set(f.messageId, [f]);
  }
  const perCategory = new Map(
    categoryIds.map((id) => [id, { category: id, top: 0, routed: 0, labelled: 0, correct: 0 }]),
  );
  const stats: Stats = {
    since,
    received: received.length,
    classified: latest.size,
    routed: 0,
    review: { other: 0, low_confidence: 0, classifier_error: 0 },
    audited: 0,
    decidedByPeople: received.filter((m) => m.resolvedAt !== null).length,
    labelled: 0,
    unfinished: {
      failed: received.filter((m) => m.status === "failed").length,
      retrying: received.filter((m) => m.status === "pending" && m.failures > 0).length,
    },
    categories: [...perCategory.values()],
  };
  for (const [messageId, c] of latest) {
    if (c.decision === "route") stats.routed += 1;
    else if (c.reason) stats.review[c.reason] += 1;
    if (c.audit) stats.audited += 1;
    const label = effectiveLabel(labels.get(messageId) ?? [])?.label;
    if (label) stats.labelled += 1;
    const cat = c.topCategory ? perCategory.get(c.topCategory) : undefined;
    if (!cat) continue;
    cat.top += 1;
    if (c.decision === "route") cat.routed += 1;
    if (label) {
      cat.labelled += 1;
      if (label === c.topCategory) cat.correct += 1;
    }
  }
  return stats;
}
