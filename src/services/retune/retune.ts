/**
 * `/triage retune`: certify thresholds from the labels people gave (under the current prompt fingerprint),
 * save them as a new set, and — only on an admin's explicit apply — make that set the one in force; a
 * rollback puts an earlier set back in force.
 */
import type { Thresholds, TriageConfig } from "../../config.js";
import { labelNeeds } from "../../decide/label-needs.js";
import type {
  LabelledScore,
  LabelNeed,
  TuneOptions,
  TuneRecord,
  TuneReport,
} from "../../decide/tune-types.js";
import {
  type ActivationEntry,
  activateThresholdSet,
  activationHistory,
  activeThresholdSet,
  getThresholdSet,
  saveThresholdSet,
  wasActivated,
} from "../../store/queries/threshold-sets.js";
import type { Store } from "../../store/store.js";
import { type LabelTally, labelTally } from "../feedback/labels-by-person.js";
import { thresholdsNow } from "./thresholds-now.js";
import { loadTuneRecords } from "./tune-records.js";

export type Tune = (records: readonly TuneRecord[], opts: TuneOptions) => TuneReport;

export interface RetuneDeps {
  store: Store;
  config: TriageConfig;
  promptFingerprint: string;
  tune: Tune;
}

/** What a saved set's `report` holds: the tuner's report and the thresholds it was compared with. */
export type SavedReport = TuneReport & { previous: Thresholds };

export interface RetunePreview {
  setId: number;
  report: TuneReport;
  current: Thresholds;
  /** The labelled scores the report was computed from (the retune charts draw them). */
  rows: LabelledScore[];
  /** Who gave those labels, and how. */
  labellers: LabelTally;
}

/** The tuner's options for this config and the thresholds deciding now. */
export function tuneOptions(config: TriageConfig, current: Thresholds): TuneOptions {
  return {
    target: config.target_precision,
    confidence: config.confidence,
    categories: config.categories.map((c) => c.id),
    current,
  };
}

export async function previewRetune(deps: RetuneDeps, userId: string): Promise<RetunePreview> {
  const { store, config } = deps;
  const records = await loadTuneRecords(store, deps.promptFingerprint, config);
  const current = (await thresholdsNow(store, deps.promptFingerprint, config)).thresholds;
  const report = deps.tune(records, tuneOptions(config, current));
  const rows: LabelledScore[] = records.flatMap((r) =>
    r.label === null
      ? []
      : [{ probs: r.probs, other: r.other, label: r.label, source: r.labelSource ?? "unknown" }],
  );
  const setId = await saveThresholdSet(store, {
    createdBy: userId,
    targetPrecision: config.target_precision,
    confidence: config.confidence,
    promptFingerprint: deps.promptFingerprint,
    labelCount: report.labelCount,
    thresholds: report.thresholds,
    report: { ...report, previous: current } satisfies SavedReport,
  });
  return { setId, report, current, rows, labellers: await labelTally(store, deps.promptFingerprint) };
}

/**
 * A saved retune report, to show again (Apply / Cancel rebuild it without buttons); who taught it is
 * counted again now. Null for an unknown set or one saved without a report.
 */
export async function savedRetune(
  store: Store,
  setId: number,
): Promise<{ report: SavedReport; labellers?: LabelTally } | null> {
  const set = await getThresholdSet(store, setId);
  if (!set?.report) return null;
  const report = set.report as SavedReport;
  if (!set.promptFingerprint) return { report };
  return { report, labellers: await labelTally(store, set.promptFingerprint) };
}

/** The latest activations (applies and rollbacks), newest first: `/triage history`. */
export function activationLog(store: Store, limit: number): Promise<ActivationEntry[]> {
  return activationHistory(store, limit);
}

/**
 * What more labels would certify, area by area (or the pool) — computed by the same certification a retune
 * runs, on the same records, so a retune given them certifies.
 */
export async function labelNeedsNow(deps: Omit<RetuneDeps, "tune">): Promise<LabelNeed[]> {
  const records = await loadTuneRecords(deps.store, deps.promptFingerprint, deps.config);
  const current = (await thresholdsNow(deps.store, deps.promptFingerprint, deps.config)).thresholds;
  return labelNeeds(records, tuneOptions(deps.config, current));
}

/**
 * A set that certifies no category would only switch auto-routing off; that is a deliberate config change
 * (`thresholds.default: null`), not something to apply from a retune.
 */
export function certifiesNothing(thresholds: Thresholds): boolean {
  return thresholds.default === null && Object.values(thresholds.categories).every((t) => t === null);
}

export type ActivationOutcome =
  | { status: "activated"; setId: number; action: "apply" | "rollback"; thresholds: Thresholds }
  | { status: "already"; setId: number }
  | { status: "unknown"; setId: number }
  /** It would only switch auto-routing off (see certifiesNothing). */
  | { status: "certifies_nothing"; setId: number }
  /** A rollback returns to a set that was in force before; a preview nobody applied is not one. */
  | { status: "never_applied"; setId: number }
  /** Certified under another prompt fingerprint (model, template, options or redact changed since). */
  | { status: "other_prompt"; setId: number };

/**
 * Makes a saved set the one in force (apply or rollback). Applying the set already in force is a no-op; a
 * set that certifies nothing is never put in force, a rollback only returns to a set once in force, and a
 * set certified under another prompt fingerprint is refused (its labels say nothing of today's prompt).
 */
export function activateSet(
  store: Store,
  input: { setId: number; by: string; action: "apply" | "rollback"; promptFingerprint: string },
): Promise<ActivationOutcome> {
  return store.tx(async (db): Promise<ActivationOutcome> => {
    const set = await getThresholdSet(db, input.setId);
    if (!set) return { status: "unknown", setId: input.setId };
    if (input.action === "rollback" && !(await wasActivated(db, set.id)))
      return { status: "never_applied", setId: set.id };
    if (certifiesNothing(set.thresholds)) return { status: "certifies_nothing", setId: set.id };
    if (set.promptFingerprint !== input.promptFingerprint) return { status: "other_prompt", setId: set.id };
    if ((await activeThresholdSet(db))?.set.id === set.id) {
      return { status: "already", setId: set.id };
    }
    await activateThresholdSet(db, { id: set.id, by: input.by, action: input.action });
    return { status: "activated", setId: set.id, action: input.action, thresholds: set.thresholds };
  });
}
