/**
 * Which thresholds decide now (pure). An applied set decides only under the prompt fingerprint it was
 * certified with: after a change of model, prompt template, options or `redact`, its labels no longer speak
 * for what the model says, so it stands aside. Without a set that decides, `auto_route` says what happens:
 * `always` routes with the config file's thresholds, `certified` sends everything to review (with the best
 * guess on the card) until a retune certifies a set and an admin applies it.
 */
import type { Thresholds, TriageConfig } from "../config.js";

export interface AppliedSet {
  id: number;
  thresholds: Thresholds;
  promptFingerprint: string | null;
}

export interface DecidingThresholds {
  thresholds: Thresholds;
  /** The applied set deciding now; null = none (see `mode`). */
  setId: number | null;
  mode: TriageConfig["auto_route"];
  /** The applied set that stands aside because it was certified under another prompt fingerprint. */
  stale: { setId: number; promptFingerprint: string | null } | null;
  /** Nothing routes until a set is certified and applied (`auto_route: certified` with no set deciding). */
  waitingForCertificate: boolean;
}

export function decidingThresholds(
  applied: AppliedSet | null,
  promptFingerprint: string,
  config: Pick<TriageConfig, "auto_route" | "thresholds">,
): DecidingThresholds {
  const mode = config.auto_route;
  if (applied && applied.promptFingerprint === promptFingerprint) {
    return {
      thresholds: applied.thresholds,
      setId: applied.id,
      mode,
      stale: null,
      waitingForCertificate: false,
    };
  }
  const stale = applied ? { setId: applied.id, promptFingerprint: applied.promptFingerprint } : null;
  if (mode === "always") {
    return { thresholds: config.thresholds, setId: null, mode, stale, waitingForCertificate: false };
  }
  return {
    thresholds: { default: null, other: config.thresholds.other, categories: {} },
    setId: null,
    mode,
    stale,
    waitingForCertificate: true,
  };
}

/** One line for the start-up log, App Home and `/triage thresholds`. */
export function decidingSentence(d: DecidingThresholds): string {
  const staleNote = d.stale
    ? ` Set #${d.stale.setId} was certified under another prompt (model, template, options or redact changed), so it no longer decides.`
    : "";
  if (d.setId !== null) return `Auto-routing with certified set #${d.setId} (auto_route: ${d.mode}).`;
  if (d.waitingForCertificate) {
    return `auto_route: certified — nothing is auto-routed until a retune certifies thresholds and an admin applies them; every message goes to review with the bot's best guess.${staleNote}`;
  }
  return `auto_route: always — routing with the config file's thresholds, which no label has vouched for yet.${staleNote}`;
}
