/** How many messages arrived since a time and what became of them. One query. */
import { and, eq, gte, sql } from "../orm.js";
import type { Store } from "../store.js";

export interface Volume {
  received: number;
  routed: number;
  review: number;
  /** Not classified yet (in the worker's hands). */
  waiting: number;
}

const total = (condition: ReturnType<typeof sql>) =>
  sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`.mapWith(Number);

export function volumeSince(s: Store, since: number): Promise<Volume> {
  return s.query(async ({ db, t }) => {
    const { messages: m, classifications: c } = t;
    const [row] = await db
      .select({
        received: sql<number>`count(*)`.mapWith(Number),
        routed: total(sql`${c.decision} = 'route'`),
        review: total(sql`${c.decision} = 'review'`),
        waiting: total(sql`${c.id} is null`),
      })
      .from(m)
      .leftJoin(c, eq(c.messageId, m.id))
      .where(and(gte(m.receivedAt, since), eq(m.origin, "live")));
    return row ?? { received: 0, routed: 0, review: 0, waiting: 0 };
  });
}
