/** The thresholds deciding now, read from the store: the applied set if it still decides, else per `auto_route`. */
import type { TriageConfig } from "../../config.js";
import { type DecidingThresholds, decidingThresholds } from "../../decide/deciding-thresholds.js";
import { type ActiveThresholdSet, activeThresholdSet } from "../../store/queries/threshold-sets.js";
import type { Store } from "../../store/store.js";

export type ThresholdsNow = DecidingThresholds & {
  /** Who applied the set deciding now, and when (null when none decides). */
  activatedBy: string | null;
  activatedAt: number | null;
  /** The latest applied set, whether it decides or stands aside for another prompt. */
  applied: ActiveThresholdSet | null;
};

export async function thresholdsNow(
  store: Store,
  promptFingerprint: string,
  config: Pick<TriageConfig, "auto_route" | "thresholds">,
): Promise<ThresholdsNow> {
  const active = await activeThresholdSet(store);
  const deciding = decidingThresholds(active ? active.set : null, promptFingerprint, config);
  const applies = active !== null && deciding.setId === active.set.id;
  return {
    ...deciding,
    activatedBy: applies ? active.activatedBy : null,
    activatedAt: applies ? active.activatedAt : null,
    applied: active,
  };
}
