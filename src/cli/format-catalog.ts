/** The "other" catalog as plain text, for `triage insights`. Pure. */
import { percent } from "../decide/tune-summary.js";
import { MIN_WORD_P, type OtherCatalog, showToken } from "../services/insights.js";

const clip = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};
const plural = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;

/** The words table: one line per word, aligned. */
export function tokenRows(catalog: OtherCatalog): string[] {
  const names = catalog.tokens.map((t) => showToken(t.token));
  const width = Math.max(4, ...names.map((n) => n.length));
  return [
    `${"word".padEnd(width)}  messages  in other  total p  mean p`,
    ...catalog.tokens.map(
      (t, i) =>
        `${(names[i] ?? "").padEnd(width)}  ${String(t.messages).padStart(8)}  ${String(t.inOther).padStart(8)}  ` +
        `${t.mass.toFixed(2).padStart(7)}  ${percent(t.meanP).padStart(6)}`,
    ),
  ];
}

/** "None of these" and formatting noise, in one sentence. */
export function classesLine(catalog: OtherCatalog): string {
  return (
    `Besides: "none of these" took ${catalog.none.mass.toFixed(2)} in ${plural(catalog.none.messages, "message")}; ` +
    `blanks, punctuation and special tokens ${catalog.noise.mass.toFixed(2)} in ${plural(catalog.noise.messages, "message")}.`
  );
}

export function formatCatalog(catalog: OtherCatalog, days: number): string {
  const window = `the last ${plural(days, "day")}`;
  if (catalog.classifications === 0) return `No classified messages in ${window}: nothing to catalog yet.`;
  const out = [
    `The "other" catalog — ${window}: ${plural(catalog.classifications, "classified message")}, ` +
      `${catalog.otherMessages.toLocaleString("en-US")} ended up as "other".`,
    "",
  ];
  if (catalog.tokens.length === 0) out.push("The model put no probability on any word besides the options.");
  else {
    out.push("Words the model said besides the options (first-token candidates), most probability first:");
    out.push(...tokenRows(catalog).map((l) => `  ${l}`));
  }
  out.push(classesLine(catalog), "");
  if (catalog.groups.length === 0) {
    out.push('No message ended up as "other".');
    return out.join("\n");
  }
  out.push(
    `Messages that ended up as "other", grouped by the word the model leaned to (at least ${percent(MIN_WORD_P)}) — ` +
      "candidates for a new category:",
  );
  for (const g of catalog.groups) {
    out.push(`  ${showToken(g.token)} — ${plural(g.count, "message")}`);
    for (const m of g.messages) {
      const how = m.why === "labelled" ? "labelled other" : `other ${percent(m.other)}`;
      const link = m.permalink ? ` ${m.permalink}` : "";
      out.push(`    - ${m.text === null ? "(no text)" : `"${clip(m.text, 90)}"`} (${how})${link}`);
    }
    if (g.count > g.messages.length) out.push(`    … and ${g.count - g.messages.length} more`);
  }
  return out.join("\n");
}
