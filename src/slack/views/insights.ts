/** `/triage insights`: the "other" catalog as Block Kit (pure). */

import { classesLine, tokenRows } from "../../cli/format-catalog.js";
import { percent } from "../../decide/tune-summary.js";
import { MIN_WORD_P, type OtherCatalog, showToken } from "../../services/insights.js";
import { type Block, context, type PostContent, section } from "./blocks.js";
import { escapeMrkdwn } from "./format.js";
import { linkLabel, packLines } from "./home.js";

const MAX_GROUPS = 8;
const MAX_TOKENS = 12;

function tokenTable(catalog: OtherCatalog): string {
  const shown = { ...catalog, tokens: catalog.tokens.slice(0, MAX_TOKENS) };
  return ["```", ...tokenRows(shown).map((l) => escapeMrkdwn(l.replace(/`/g, "'"))), "```"].join("\n");
}

export function insightsView(catalog: OtherCatalog, days: number): PostContent {
  const window = `last ${days} day${days === 1 ? "" : "s"}`;
  if (catalog.classifications === 0) {
    return { text: `No classified messages in the ${window}: nothing to catalog yet.`, blocks: [] };
  }
  const blocks: Block[] = [
    section(
      `*The "other" catalog* — ${window}: ${catalog.classifications} classified messages, ` +
        `${catalog.otherMessages} ended up as "other".\n` +
        'The words the model said besides the numbered options, and the "other" messages grouped by the word ' +
        `it leaned to (at least ${percent(MIN_WORD_P)}) — candidates for a new area.`,
    ),
  ];
  blocks.push(
    catalog.tokens.length === 0
      ? section(`The model put no probability on any word besides the options. ${classesLine(catalog)}`)
      : section(`${tokenTable(catalog)}\n${classesLine(catalog)}`),
  );
  for (const g of catalog.groups.slice(0, MAX_GROUPS)) {
    const lines = [`*${escapeMrkdwn(showToken(g.token))}* — ${g.count} message${g.count === 1 ? "" : "s"}`];
    for (const m of g.messages) {
      const label = `“${linkLabel(m.text ?? "")}”`;
      const how = m.why === "labelled" ? "labelled other" : `other ${percent(m.other)}`;
      lines.push(`• ${m.permalink ? `<${m.permalink}|${label}>` : label} (${how})`);
    }
    if (g.count > g.messages.length) lines.push(`… and ${g.count - g.messages.length} more`);
    blocks.push(...packLines(lines));
  }
  const hidden = catalog.groups.length - MAX_GROUPS;
  blocks.push(
    context(
      `${hidden > 0 ? `${hidden} smaller group${hidden === 1 ? "" : "s"} not shown. ` : ""}` +
        "total p = the probability the token took, summed over messages. `npx triage insights --json` has everything.",
    ),
  );
  return {
    text: `The "other" catalog, ${window}: ${catalog.otherMessages} of ${catalog.classifications} messages ended up as "other".`,
    blocks: blocks.slice(0, 50),
  };
}
