/**
 * Customer text the bot re-posts: mentions become words, disguised links show their target, and no input —
 * malformed, nested or invisible — brings back a ping. The views that use it: quoted-views.test.ts.
 */
import { describe, expect, it } from "vitest";
import { defuse } from "../../src/slack/views/defuse.js";

const ISSUE =
  "<!channel> <!here> <!subteam^S0ONCALL|@oncall> our invoice is wrong, see " +
  "<https://evil.example/x|stripe.com/invoice> cc <@U0CEO>";
const PING = /<[@!]/;

describe("defuse", () => {
  it.each([
    [
      "the issue's message",
      ISSUE,
      "@channel @here @oncall our invoice is wrong, see stripe.com/invoice (https://evil.example/x) cc @U0CEO",
    ],
    // mentions
    ["a user", "cc <@U0CEO>", "cc @U0CEO"],
    ["a user with a name", "cc <@U0CEO|ceo>", "cc @ceo"],
    ["an Enterprise Grid user", "<@W0GRID01|ann>", "@ann"],
    ["a user group", "<!subteam^S0ONCALL|@oncall>", "@oncall"],
    ["a user group without a handle", "<!subteam^S0ONCALL>", "@S0ONCALL"],
    ["@channel", "<!channel>", "@channel"],
    ["@here with a label", "<!here|here>", "@here"],
    ["@everyone with an @ label", "<!everyone|@everyone>", "@everyone"],
    ["a legacy @group", "<!group>", "@group"],
    ["a broadcast with a misleading label", "<!channel|just me>", "@channel"],
    [
      "a date that links somewhere",
      "<!date^1392734382^{date}^https://evil.example|Feb 18, 2014>",
      "Feb 18, 2014",
    ],
    ["an unknown command", "<!somethingnew>", "somethingnew"],
    // links
    [
      "a disguised link",
      "<https://evil.example/x|stripe.com/invoice>",
      "stripe.com/invoice (https://evil.example/x)",
    ],
    ["an auto-linked address", "<https://a.b/c|a.b/c>", "<https://a.b/c|a.b/c>"],
    ["an auto-linked domain with a trailing slash", "<http://www.a.b/|www.a.b>", "<http://www.a.b/|www.a.b>"],
    ["a label that is the whole URL", "<https://a.b/c|https://a.b/c>", "<https://a.b/c|https://a.b/c>"],
    ["a bare link", "<https://a.b/c>", "<https://a.b/c>"],
    ["an empty label", "<https://a.b/c|>", "<https://a.b/c>"],
    [
      "a label that is another URL",
      "<https://evil.example|https://stripe.com>",
      "https://stripe.com (https://evil.example)",
    ],
    [
      "a label with another scheme",
      "<http://stripe.com|https://stripe.com>",
      "https://stripe.com (http://stripe.com)",
    ],
    [
      "a look-alike host",
      "<https://stripe.com.evil.example|stripe.com>",
      "stripe.com (https://stripe.com.evil.example)",
    ],
    ["an e-mail address", "<mailto:help@a.b|help@a.b>", "<mailto:help@a.b|help@a.b>"],
    [
      "a disguised e-mail address",
      "<mailto:x@evil.example|help@stripe.com>",
      "help@stripe.com (mailto:x@evil.example)",
    ],
    [
      "| inside a label",
      "<https://evil.example|stripe.com|billing>",
      "stripe.com|billing (https://evil.example)",
    ],
    ["a script link", "<javascript:alert(1)|click>", "click (javascript:alert(1))"],
    ["a scheme we do not link", "<tel:+15550100>", "tel:+15550100"],
    [
      "a zero-width character in a label",
      "<https://evil.example/x|stripe.com\u200b/invoice>",
      "stripe.com\u200b/invoice (https://evil.example/x)",
    ],
    ["a zero-width character before a mention", "<\u200b@U0CEO>", "\u200b@U0CEO"],
    [
      "a right-to-left override",
      "\u202esee <https://evil.example/moc.epirts|x>",
      "see x (https://evil.example/moc.epirts)",
    ],
    // channels
    ["a channel", "in <#C0BILLING1|billing>", "in <#C0BILLING1>"],
    ["a channel without a name", "<#C0BILLING1>", "<#C0BILLING1>"],
    ["a channel reference that is not an ID", "<#general|general>", "#general"],
    // brackets and escapes
    ["a mention inside a link", "<https://evil.example|<@U0CEO>>", "&lt;https://evil.example|@U0CEO&gt;"],
    ["a doubled bracket", "<<!channel>>", "&lt;@channel&gt;"],
    ["an unclosed link", "see <https://evil.example|stripe.com", "see &lt;https://evil.example|stripe.com"],
    ["an escaped < in a label", "<https://evil.example|a &lt;b&gt;>", "a &lt;b&gt; (https://evil.example)"],
    ["text Slack escaped", "&lt;@U0CEO&gt; &amp; &lt;!channel&gt;", "&lt;@U0CEO&gt; &amp; &lt;!channel&gt;"],
    ["plain words", "charged twice 😀 *bold* `code`", "charged twice 😀 *bold* `code`"],
  ])("%s", (_name, input, expected) => {
    expect(defuse(input)).toBe(expected);
    expect(defuse(input)).not.toMatch(PING);
  });

  it.each([
    ["an auto-linked address", "<https://a.b/c|a.b/c>", "a.b/c"],
    ["a bare link", "<https://a.b/c>", "https://a.b/c"],
    ["a channel", "<#C0BILLING1|billing>", "#billing"],
    ["a channel without a name", "<#C0BILLING1>", "#C0BILLING1"],
    ["a disguised link", "<https://evil.example/x|stripe.com>", "stripe.com (https://evil.example/x)"],
  ])("plain: %s", (_name, input, expected) => {
    expect(defuse(input, "plain")).toBe(expected);
  });

  it("never leaves markup but channels and own links, whatever the brackets", () => {
    const parts = [
      "<",
      ">",
      "|",
      "@U1",
      "!channel",
      "!subteam^S1",
      "#C1",
      "https://x.y",
      "x.y",
      " ",
      "&lt;",
      "\u200b",
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2_000; i++) {
      const input = Array.from({ length: 12 }, () => parts[next() % parts.length]).join("");
      for (const mode of ["mrkdwn", "plain"] as const) {
        const out = defuse(input, mode);
        const markup = out.match(/<[^>]*>?/g) ?? [];
        const allowed =
          mode === "plain"
            ? []
            : markup.filter((m) => /^<(#C1|https:\/\/x\.y(\|(https:\/\/)?x\.y)?)>$/.test(m));
        expect([input, mode, markup]).toEqual([input, mode, allowed]);
      }
    }
  });
});
