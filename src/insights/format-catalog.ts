/** The "other" catalog as plain text, for `triage insights`. Pure. */
import { percent } from "../decide/tune-summary.js";
import { type OtherCatalog, showToken } from "./other-catalog.js";

const clip = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

export function formatCatalog(catalog: OtherCatalog, days: number): string {
  const out: string[] = [];
  const window = `the last ${days} day${days === 1 ? "" : "s"}`;
  if (catalog.classifications === 0) {
    return `No classified messages in ${window}: nothing to catalog yet.`;
  }
  out.push(
    `The "other" catalog — ${window}: ${catalog.classifications.toLocaleString("en-US")} classified messages, ` +
      `${catalog.otherMessages.toLocaleString("en-US")} ended up as "other".`,
  );
  out.push("");
  if (catalog.tokens.length === 0) {
    out.push("The model put no probability on anything but the options.");
  } else {
    out.push("What the model said besides the options (first-token candidates that are not an option):");
    const names = catalog.tokens.map((t) => showToken(t.token));
    const width = Math.max(5, ...names.map((n) => n.length));
    out.push(`  ${"token".padEnd(width)}  messages  total p  mean p`);
    catalog.tokens.forEach((t, i) => {
      out.push(
        `  ${(names[i] ?? "").padEnd(width)}  ${String(t.messages).padStart(8)}  ${t.mass.toFixed(2).padStart(7)}  ${percent(t.meanP).padStart(6)}`,
      );
    });
  }
  out.push("");
  if (catalog.groups.length === 0) {
    out.push('No message ended up as "other".');
    return out.join("\n");
  }
  out.push(
    'Messages that ended up as "other", grouped by the word the model leaned to (new-category candidates):',
  );
  for (const g of catalog.groups) {
    out.push(`  ${showToken(g.token)} — ${g.count} message${g.count === 1 ? "" : "s"}`);
    for (const m of g.messages) {
      const how = m.why === "labelled" ? "labelled other" : `other ${percent(m.other)}`;
      const link = m.permalink ? ` ${m.permalink}` : "";
      out.push(`    - ${m.text === null ? "(no text)" : `"${clip(m.text, 90)}"`} (${how})${link}`);
    }
    if (g.count > g.messages.length) out.push(`    … and ${g.count - g.messages.length} more`);
  }
  return out.join("\n");
}
