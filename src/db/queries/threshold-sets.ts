/**
 * Versioned threshold sets. A set is saved when computed (retune preview) and takes effect when
 * activated; the latest activation wins, so a rollback is one more activation of an older set.
 */

import type { Thresholds } from "../../config.js";
import type { Db } from "../open.js";
import { desc, eq } from "../orm.js";
import { thresholdActivations, thresholdSets } from "../schema.js";
import { prepared } from "./prepared.js";

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

export function saveThresholdSet(db: Db, input: NewThresholdSet): number {
  return db
    .insert(thresholdSets)
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
    .returning({ id: thresholdSets.id })
    .get().id;
}

export type ThresholdSetRow = typeof thresholdSets.$inferSelect;

export function getThresholdSet(db: Db, id: number): ThresholdSetRow | null {
  return db.select().from(thresholdSets).where(eq(thresholdSets.id, id)).get() ?? null;
}

export function activateThresholdSet(
  db: Db,
  input: { id: number; by: string; action: "apply" | "rollback"; at?: number },
): void {
  db.insert(thresholdActivations)
    .values({
      thresholdSetId: input.id,
      action: input.action,
      activatedBy: input.by,
      activatedAt: input.at ?? Date.now(),
    })
    .run();
}

/** Whether the set was ever put in force (applied, or rolled back to): only such a set may be rolled back to. */
export function wasActivated(db: Db, id: number): boolean {
  const row = db
    .select({ id: thresholdActivations.id })
    .from(thresholdActivations)
    .where(eq(thresholdActivations.thresholdSetId, id))
    .limit(1)
    .get();
  return row !== undefined;
}

export interface ActiveThresholdSet {
  set: ThresholdSetRow;
  activatedBy: string;
  activatedAt: number;
  action: "apply" | "rollback";
}

/** The set in force, or null when none was ever applied (the config file's thresholds apply). */
export function activeThresholdSet(db: Db): ActiveThresholdSet | null {
  const query = prepared(db, "activeThresholdSet", () =>
    db
      .select({ set: thresholdSets, activation: thresholdActivations })
      .from(thresholdActivations)
      .innerJoin(thresholdSets, eq(thresholdActivations.thresholdSetId, thresholdSets.id))
      .orderBy(desc(thresholdActivations.activatedAt), desc(thresholdActivations.id))
      .limit(1)
      .prepare(),
  );
  const row = query.get();
  if (!row) return null;
  return {
    set: row.set,
    activatedBy: row.activation.activatedBy,
    activatedAt: row.activation.activatedAt,
    action: row.activation.action,
  };
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
export function activationHistory(db: Db, limit = 10): ActivationEntry[] {
  return db
    .select({
      id: thresholdActivations.id,
      thresholdSetId: thresholdActivations.thresholdSetId,
      action: thresholdActivations.action,
      activatedBy: thresholdActivations.activatedBy,
      activatedAt: thresholdActivations.activatedAt,
      targetPrecision: thresholdSets.targetPrecision,
      labelCount: thresholdSets.labelCount,
    })
    .from(thresholdActivations)
    .innerJoin(thresholdSets, eq(thresholdActivations.thresholdSetId, thresholdSets.id))
    .orderBy(desc(thresholdActivations.activatedAt), desc(thresholdActivations.id))
    .limit(limit)
    .all();
}
