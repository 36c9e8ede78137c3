/** Writes messages, classifications and labels straight into a test database, as the bot would leave them. */

import { recordLabel } from "../../src/store/queries/labels.js";
import type { SqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";

export interface SeedMessage {
  ts: string;
  text: string;
  probs: Record<string, number>;
  other: number;
  strayTokens?: { token: string; p: number }[];
  decision?: "route" | "review";
  reason?: "other" | "low_confidence" | "classifier_error" | null;
  /** Labels as [user, label] pairs, in order. */
  labels?: [string, string][];
  at?: number;
  channelId?: string;
  permalink?: string;
  fingerprint?: string;
  status?: "pending" | "done" | "failed";
  routedCategory?: string | null;
  resolvedAt?: number | null;
  audit?: boolean;
  origin?: "live" | "backfill";
}

export async function seedMessage(
  store: Store,
  s: SeedMessage,
): Promise<{ messageId: number; classificationId: number }> {
  const at = s.at ?? Date.now();
  const channelId = s.channelId ?? "C0SUPPORT";
  return store.tx(async (q) => {
    const { db, t } = q;
    const [m] = await db
      .insert(t.messages)
      .values({
        teamId: "T1",
        channelId,
        ts: s.ts,
        userId: "U0CUSTOMER",
        text: s.text,
        permalink: s.permalink ?? `https://example.slack.com/archives/${channelId}/p${s.ts.replace(".", "")}`,
        status: s.status ?? "done",
        routedCategory: s.routedCategory ?? null,
        resolvedAt: s.resolvedAt ?? null,
        origin: s.origin ?? "live",
        receivedAt: at,
        updatedAt: at,
      })
      .returning({ id: t.messages.id });
    if (!m) throw new Error("seed: message not stored");
    const top = Object.entries(s.probs).sort((a, b) => b[1] - a[1])[0];
    const decision = s.decision ?? "review";
    const [c] = await db
      .insert(t.classifications)
      .values({
        messageId: m.id,
        model: "gpt-4.1-mini",
        promptFingerprint: s.fingerprint ?? "fp1",
        probs: s.probs,
        other: s.other,
        strayTokens: s.strayTokens ?? [],
        topCategory: top?.[0] ?? null,
        topProb: top?.[1] ?? 0,
        decision,
        reason: decision === "route" ? null : (s.reason ?? "low_confidence"),
        audit: s.audit ?? false,
        createdAt: at,
      })
      .returning({ id: t.classifications.id });
    if (!c) throw new Error("seed: classification not stored");
    for (const [i, [userId, label]] of (s.labels ?? []).entries()) {
      await recordLabel(q, {
        messageId: m.id,
        classificationId: c.id,
        userId,
        label,
        source: "review",
        at: at + i + 1,
      });
    }
    return { messageId: m.id, classificationId: c.id };
  });
}

/**
 * Counts the SQL statements a function runs on a SQLite store: the same count for 3 rows and 300 means
 * no N+1. (Postgres runs the same query code, so one dialect answers the question.)
 */
export async function countStatements<T>(
  store: SqliteStore,
  fn: () => Promise<T>,
): Promise<{ result: T; statements: number }> {
  const client = store.client;
  const prepare = client.prepare.bind(client);
  let statements = 0;
  // Count executions (not preparations), so a query run once per row still shows.
  client.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of ["get", "all", "run", "iterate"] as const) {
      const run = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        statements++;
        return run(...args);
      };
    }
    return statement;
  }) as typeof client.prepare;
  try {
    return { result: await fn(), statements };
  } finally {
    client.prepare = prepare;
  }
}
