/** The thresholds the bot decides with now: the latest activated set, else the config file's. */
import type { Thresholds } from "../../config.js";
import type { Store } from "../store.js";
import { activeThresholdSet } from "./threshold-sets.js";

export interface ThresholdsInForce {
  thresholds: Thresholds;
  /** null = the config file's thresholds. */
  setId: number | null;
  promptFingerprint: string | null;
  activatedBy: string | null;
  activatedAt: number | null;
}

export async function thresholdsInForce(s: Store, fromConfig: Thresholds): Promise<ThresholdsInForce> {
  const active = await activeThresholdSet(s);
  if (!active) {
    return {
      thresholds: fromConfig,
      setId: null,
      promptFingerprint: null,
      activatedBy: null,
      activatedAt: null,
    };
  }
  return {
    thresholds: active.set.thresholds,
    setId: active.set.id,
    promptFingerprint: active.set.promptFingerprint,
    activatedBy: active.activatedBy,
    activatedAt: active.activatedAt,
  };
}
