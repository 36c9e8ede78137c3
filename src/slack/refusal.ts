/** The one wording for "admins only": says who may, and that nothing changed. */
export function refusal(what: string): string {
  return `:no_entry: Only the triage admins (\`admins\` in the bot's config) can ${what}. Nothing was changed.`;
}
