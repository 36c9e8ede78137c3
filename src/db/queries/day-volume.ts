/** How many messages arrived since a time and what became of them (latest classification). One query. */

import type { Db } from "../open.js";
import { and, eq, gte, sql } from "../orm.js";
import { classifications, messages } from "../schema.js";
import { isLatestClassification } from "./latest-classification.js";

export interface Volume {
  received: number;
  routed: number;
  review: number;
  /** Not classified yet (in the worker's hands). */
  waiting: number;
}

export function volumeSince(db: Db, since: number): Volume {
  const row = db
    .select({
      received: sql<number>`count(*)`,
      routed: sql<number>`coalesce(sum(${classifications.decision} = 'route'), 0)`,
      review: sql<number>`coalesce(sum(${classifications.decision} = 'review'), 0)`,
      waiting: sql<number>`coalesce(sum(${classifications.id} is null), 0)`,
    })
    .from(messages)
    .leftJoin(classifications, and(eq(classifications.messageId, messages.id), isLatestClassification(db)))
    .where(gte(messages.receivedAt, since))
    .get();
  return row ?? { received: 0, routed: 0, review: 0, waiting: 0 };
}
