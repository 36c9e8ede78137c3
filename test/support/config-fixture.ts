/** A valid config for tests: the example taxonomy in config/triage.yml, with overrides. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseTriageConfig, type TriageConfig } from "../../src/config.js";

export const EXAMPLE_CONFIG_PATH = fileURLToPath(new URL("../../config/triage.yml", import.meta.url));

export function exampleConfig(overrides: Partial<TriageConfig> = {}): TriageConfig {
  return {
    ...parseTriageConfig(readFileSync(EXAMPLE_CONFIG_PATH, "utf8"), "config/triage.yml"),
    ...overrides,
  };
}
