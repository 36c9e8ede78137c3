/**
 * What an admin sees on App Home: the thresholds in force with the certificate behind them, labels per
 * area under the current prompt, the last retune and the set a rollback would return to. Four queries.
 */

import type { Thresholds, TriageConfig } from "../../config.js";
import { decidingSentence } from "../../decide/deciding-thresholds.js";
import { labelNeeds } from "../../decide/label-needs.js";
import type { LabelNeed, TuneReport } from "../../decide/tune-types.js";
import { activationHistory, latestThresholdSet } from "../../store/queries/threshold-sets.js";
import type { Store } from "../../store/store.js";
import { tuneOptions } from "./retune.js";
import { thresholdsNow } from "./thresholds-now.js";
import { loadTuneRecords } from "./tune-records.js";

export interface Certificate {
  lowerBound: number | null;
  pooled: boolean;
}

export interface AdminSummary {
  thresholds: Thresholds;
  /** The applied set deciding now; null = none decides (see `deciding`). */
  inForce: { setId: number; by: string; at: number; action: "apply" | "rollback" } | null;
  /** What more labels would certify, per area or pool still in review (the same computation as retune). */
  needs: LabelNeed[];
  /** What decides now, in one sentence (auto_route mode, a set that stands aside for another prompt). */
  deciding: string;
  /** No certified set decides and auto_route is `certified`: nothing routes yet. */
  waitingForCertificate: boolean;
  /** Per category, from the report of the set in force. */
  certified: Record<string, Certificate>;
  /** Labelled messages per label (a category id or "other") under the current prompt fingerprint. */
  labels: Record<string, number>;
  labelTotal: number;
  lastRetune: { setId: number; by: string; at: number; labelCount: number } | null;
  /** The set in force before the current one: what the rollback button returns to. */
  rollbackTo: { setId: number; at: number } | null;
}

function certificates(report: unknown): Record<string, Certificate> {
  const categories = (report as Partial<TuneReport> | null)?.categories;
  if (!Array.isArray(categories)) return {};
  return Object.fromEntries(
    categories
      .filter((c) => c.threshold !== null)
      .map((c) => [c.category, { lowerBound: c.lowerBound ?? null, pooled: Boolean(c.pooled) }]),
  );
}

export async function adminSummary(
  s: Store,
  config: TriageConfig,
  promptFingerprint: string,
): Promise<AdminSummary> {
  const now = await thresholdsNow(s, promptFingerprint, config);
  const active = now.applied;
  const deciding = active && now.setId === active.set.id ? active : null;
  const latest = await latestThresholdSet(s);
  const previous = (await activationHistory(s, 20)).find((e) => e.thresholdSetId !== active?.set.id);
  const records = await loadTuneRecords(s, promptFingerprint, config);
  const labels: Record<string, number> = {};
  let labelTotal = 0;
  for (const r of records) {
    if (r.label === null) continue;
    labels[r.label] = (labels[r.label] ?? 0) + 1;
    labelTotal += 1;
  }
  return {
    thresholds: now.thresholds,
    inForce: deciding
      ? {
          setId: deciding.set.id,
          by: deciding.activatedBy,
          at: deciding.activatedAt,
          action: deciding.action,
        }
      : null,
    deciding: decidingSentence(now),
    waitingForCertificate: now.waitingForCertificate,
    certified: deciding ? certificates(deciding.set.report) : {},
    labels,
    labelTotal,
    needs: labelNeeds(records, tuneOptions(config, now.thresholds)),
    lastRetune: latest
      ? { setId: latest.id, by: latest.createdBy, at: latest.createdAt, labelCount: latest.labelCount }
      : null,
    rollbackTo: previous ? { setId: previous.thresholdSetId, at: previous.activatedAt } : null,
  };
}
