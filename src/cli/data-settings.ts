/**
 * What retune, replay and eval take from the config file when there is one. The data commands work
 * without a config file: then the documented defaults apply.
 */
import { existsSync } from "node:fs";
import {
  readEnv,
  readTriageConfig,
  type Thresholds,
  type TriageConfig,
  TriageConfigSchema,
} from "../config.js";

export interface DataSettings {
  target: number;
  confidence: number;
  thresholds: Thresholds;
  /** The config file used, or null when none was found. */
  configPath: string | null;
  config: TriageConfig | null;
}

export function dataSettings(): DataSettings {
  const env = readEnv();
  const path = env.TRIAGE_CONFIG;
  if (existsSync(path)) {
    const config = readTriageConfig(path);
    return {
      target: config.target_precision,
      confidence: config.confidence,
      thresholds: config.thresholds,
      configPath: path,
      config,
    };
  }
  const defaults = TriageConfigSchema.shape;
  return {
    target: defaults.target_precision.parse(undefined),
    confidence: defaults.confidence.parse(undefined),
    thresholds: defaults.thresholds.parse(undefined),
    configPath: null,
    config: null,
  };
}
