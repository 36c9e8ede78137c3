/** SQL condition: this classification row is its message's newest (a retry may have added another). */
import type { SQL } from "drizzle-orm";
import type { Db } from "../open.js";
import { alias, and, eq, gt, notExists, sql } from "../orm.js";
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
