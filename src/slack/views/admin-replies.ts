/** What admins are told after an apply or a rollback, and what anyone else is told: the same words from a command, a button or App Home. */
import type { ActivationOutcome } from "../../services/retune/retune.js";
import { userLink } from "./format.js";

export function activationText(outcome: ActivationOutcome, by: string): string {
  const set = `set #${outcome.setId}`;
  switch (outcome.status) {
    case "activated":
      return outcome.action === "apply"
        ? `:white_check_mark: Set #${outcome.setId} applied by ${userLink(by)}; it decides from the next message on.`
        : `:rewind: Rolled back to ${set} by ${userLink(by)}; it decides from the next message on.`;
    case "already":
      return `Set #${outcome.setId} is already in force.`;
    case "unknown":
      return `There is no threshold ${set}; see \`/triage history\`.`;
    case "certifies_nothing":
      return `Nothing was applied: ${set} certifies no area, so the thresholds in force stay.`;
    case "other_prompt":
      return `Nothing was changed: ${set} was certified under another prompt (the model, prompt template, options or redact changed since), so its labels say nothing of today's. Run \`/triage retune\` for a set certified on labels made under the current prompt.`;
    case "never_applied":
      return `Nothing was changed: ${set} was never applied, so there is nothing to roll back to. \`/triage history\` lists the sets that were in force.`;
  }
}

/** The one wording for "admins only": says who may, and that nothing changed. */
export function refusal(what: string): string {
  return `:no_entry: Only the triage admins (\`admins\` in the bot's config) can ${what}. Nothing was changed.`;
}
