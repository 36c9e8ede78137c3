/**
 * Customer text the bot re-posts, made harmless for its new audience (pure). Slack escapes `&`, `<` and
 * `>` in message text, so every `<…>` is an entity Slack made (or markup an API client wrote):
 * - user, user-group and broadcast mentions become plain `@name` words, which notify nobody;
 * - a link stays a link only when its label is its own address; otherwise it reads `label (target)`;
 * - a channel reference keeps only its ID, which Slack renders as the channel's real name;
 * - any other entity becomes its text, and a bracket that opens or closes no entity is escaped.
 * The only markup left is `<#C…>` and `<http…>` / `<mailto:…>`, so the result never holds `<@` or `<!`.
 * `plain` leaves no markup at all, for text that goes inside the label of one of our own links.
 */
export type DefuseMode = "mrkdwn" | "plain";

const ENTITY = /<([^<>]*)>/g;
// Overrides and isolates can make the target shown beside a label read as a different address.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
const LINKABLE = /^(?:https?:\/\/|mailto:)\S+$/i;
const SCHEME = /^(?:https?:\/\/|mailto:)/i;
const CHANNEL_ID = /^[CG][A-Z0-9]+$/;
const BROADCASTS = new Set(["channel", "here", "everyone", "group"]);

export function defuse(text: string, mode: DefuseMode = "mrkdwn"): string {
  const clean = text.replace(BIDI_CONTROLS, "");
  let out = "";
  let from = 0;
  for (const m of clean.matchAll(ENTITY)) {
    out += escapeStray(clean.slice(from, m.index)) + entity(m[1] ?? "", mode);
    from = m.index + m[0].length;
  }
  return out + escapeStray(clean.slice(from));
}

const escapeStray = (s: string) => s.replace(/</g, "&lt;").replace(/>/g, "&gt;");
const handle = (label: string) => label.trim().replace(/^@+/, "");

function entity(body: string, mode: DefuseMode): string {
  const bar = body.indexOf("|");
  const target = bar < 0 ? body : body.slice(0, bar);
  const label = bar < 0 ? "" : body.slice(bar + 1).trim();
  if (target.startsWith("@")) return `@${handle(label) || target.slice(1)}`;
  if (target.startsWith("!")) return special(target.slice(1), label);
  if (target.startsWith("#")) {
    const id = target.slice(1);
    return mode === "mrkdwn" && CHANNEL_ID.test(id) ? `<#${id}>` : `#${label.replace(/^#/, "") || id}`;
  }
  return link(target, label, mode);
}

/** `<!here>`, `<!subteam^S…|@team>`, `<!date^…|fallback>`: a word in their place, never a command. */
function special(command: string, label: string): string {
  const [name = "", id = ""] = command.split("^");
  if (BROADCASTS.has(name)) return `@${name}`;
  if (name === "subteam") return `@${handle(label) || id}`;
  return label || name;
}

function link(url: string, label: string, mode: DefuseMode): string {
  if (label !== "" && !isOwnLabel(label, url)) return `${label} (${url})`;
  if (mode === "plain" || !LINKABLE.test(url)) return label || url;
  return label ? `<${url}|${label}>` : `<${url}>`;
}

/** Slack labels auto-linked text with the text itself: `<https://a.b/c|a.b/c>`. */
function isOwnLabel(label: string, url: string): boolean {
  const bare = (s: string) => s.replace(/\/$/, "");
  return bare(label) === bare(url) || bare(label) === bare(url.replace(SCHEME, ""));
}
