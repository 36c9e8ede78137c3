/**
 * Versioned threshold sets. A set is saved when computed (retune preview) and takes effect when
 * activated; the latest activation wins, so a rollback is one more activation of an older set.
 */
import type { Thresholds } from "../../config.js";
import { desc, eq } from "../orm.js";
import type { thresholdSets } from "../schema.js";
import { first, type Store } from "../store.js";

export interface NewThresholdSet {
  createdBy: string;
  targetPrecision: number;
  confidence: number;
  promptFingerprint: string | null;
  labelCount: number;
  thresholds: Thresholds;
  report?: unknown;
  at?: number;
}

export function saveThresholdSet(s: Store, input: NewThresholdSet): Promise<number> {
  return s.query(async ({ db, t }) => {
    const [row] = await db
      .insert(t.thresholdSets)
      .values({
        createdBy: input.createdBy,
        targetPrecision: input.targetPrecision,
        confidence: input.confidence,
        promptFingerprint: input.promptFingerprint,
        labelCount: input.labelCount,
        thresholds: input.thresholds,
        report: input.report ?? null,
        createdAt: input.at ?? Date.now(),
      })
      .returning({ id: t.thresholdSets.id });
    if (!row) throw new Error("the threshold set was not stored");
    return row.id;
  });
}

export type ThresholdSetRow = typeof thresholdSets.$inferSelect;

export function getThresholdSet(s: Store, id: number): Promise<ThresholdSetRow | null> {
  return s.query(async ({ db, t }) =>
    first(await db.select().from(t.thresholdSets).where(eq(t.thresholdSets.id, id)).limit(1)),
  );
}

export function activateThresholdSet(
  s: Store,
  input: { id: number; by: string; action: "apply" | "rollback"; at?: number },
): Promise<void> {
  return s.query(async ({ db, t }) => {
    await db.insert(t.thresholdActivations).values({
      thresholdSetId: input.id,
      action: input.action,
      activatedBy: input.by,
      activatedAt: input.at ?? Date.now(),
    });
  });
}

/** Whether the set was ever put in force (applied, or rolled back to): only such a set may be rolled back to. */
export function wasActivated(s: Store, id: number): Promise<boolean> {
  return s.query(async ({ db, t }) => {
    const a = t.thresholdActivations;
    const rows = await db.select({ id: a.id }).from(a).where(eq(a.thresholdSetId, id)).limit(1);
    return rows.length > 0;
  });
}

export interface ActiveThresholdSet {
  set: ThresholdSetRow;
  activatedBy: string;
  activatedAt: number;
  action: "apply" | "rollback";
}

/** The set in force, or null when none was ever applied (the config file's thresholds apply). */
export function activeThresholdSet(s: Store): Promise<ActiveThresholdSet | null> {
  return s.query(async ({ db, t }) => {
    const { thresholdActivations: a, thresholdSets: ts } = t;
    const row = first(
      await db
        .select({ set: ts, activation: a })
        .from(a)
        .innerJoin(ts, eq(a.thresholdSetId, ts.id))
        .orderBy(desc(a.activatedAt), desc(a.id))
        .limit(1),
    );
    if (!row) return null;
    return {
      set: row.set,
      activatedBy: row.activation.activatedBy,
      activatedAt: row.activation.activatedAt,
      action: row.activation.action,
    };
  });
}

export interface ActivationEntry {
  id: number;
  thresholdSetId: number;
  action: "apply" | "rollback";
  activatedBy: string;
  activatedAt: number;
  targetPrecision: number;
  labelCount: number;
}

/** The activation log, newest first: what `/triage history` shows. */
export function activationHistory(s: Store, limit = 10): Promise<ActivationEntry[]> {
  return s.query(({ db, t }) => {
    const { thresholdActivations: a, thresholdSets: ts } = t;
    return db
      .select({
        id: a.id,
        thresholdSetId: a.thresholdSetId,
        action: a.action,
        activatedBy: a.activatedBy,
        activatedAt: a.activatedAt,
        targetPrecision: ts.targetPrecision,
        labelCount: ts.labelCount,
      })
      .from(a)
      .innerJoin(ts, eq(a.thresholdSetId, ts.id))
      .orderBy(desc(a.activatedAt), desc(a.id))
      .limit(limit);
  });
}

/** The newest saved set (applied or not): App Home's "last retune". */
export function latestThresholdSet(
  s: Store,
): Promise<{ id: number; createdBy: string; createdAt: number; labelCount: number } | null> {
  return s.query(async ({ db, t }) => {
    const ts = t.thresholdSets;
    return first(
      await db
        .select({ id: ts.id, createdBy: ts.createdBy, createdAt: ts.createdAt, labelCount: ts.labelCount })
        .from(ts)
        .orderBy(desc(ts.id))
        .limit(1),
    );
  });
}
