/**
 * What retune, replay and eval take from the config file when there is one. The data commands work
 * without a config file: then the documented defaults apply.
 */
import { existsSync } from "node:fs";
import { type FileConfig, FileConfigSchema, readEnv, readFileConfig, type Thresholds } from "../config.js";

export interface DataSettings {
  target: number;
  confidence: number;
  thresholds: Thresholds;
  /** The config file used, or null when none was found. */
  configPath: string | null;
  file: FileConfig | null;
}

export function dataSettings(): DataSettings {
  const env = readEnv();
  const path = env.TRIAGE_CONFIG;
  if (existsSync(path)) {
    const file = readFileConfig(path);
    return {
      target: file.target_precision,
      confidence: file.confidence,
      thresholds: file.thresholds,
      configPath: path,
      file,
    };
  }
  const defaults = FileConfigSchema.shape;
  return {
    target: defaults.target_precision.parse(undefined),
    confidence: defaults.confidence.parse(undefined),
    thresholds: defaults.thresholds.parse(undefined),
    configPath: null,
    file: null,
  };
}
