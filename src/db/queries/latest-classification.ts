/** SQL condition: this classification row is its message's newest (a retry may have added another). */
import { and, eq, gt, notExists, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../open.js";
import { classifications } from "../schema.js";

const newer = alias(classifications, "newer_classification");

export function isLatestClassification(db: Db): SQL {
  return notExists(
    db
      .select({ one: sql`1` })
      .from(newer)
      .where(and(eq(newer.messageId, classifications.messageId), gt(newer.id, classifications.id))),
  );
}
