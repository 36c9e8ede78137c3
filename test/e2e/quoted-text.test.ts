/**
 * Over the wire: a message that pings everyone it can and carries a disguised link is routed, and sent to
 * review; our team post and review card quote it with no mention and with the link's real target, while
 * the LLM and the inbox keep the original byte for byte.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Answer, type Harness, PERSON, REVIEW, startHarness } from "../support/bot-harness.js";

const TEXT =
  "<!channel> <!here> <!subteam^S0ONCALL|@oncall> our invoice is wrong, see " +
  "<https://evil.example/x|stripe.com/invoice> cc <@U0CEO>";
const confidentBilling: Answer = () => ({ dist: { "1": 0.97 } });
const unsure: Answer = () => ({ dist: { "1": 0.5, "3": 0.3 } });

let h: Harness;
afterEach(async () => h?.stop());

/** The one database read: the inbox rows' text as stored. */
async function storedTexts(harness: Harness): Promise<string[]> {
  return (await harness.table("messages")).map((m) => m.text);
}

/** Text and blocks of the one post in `channel`, as Slack received them. */
function postIn(channel: string): string {
  const posts = h.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);
  expect(posts).toHaveLength(1);
  const { text, blocks } = posts[0]?.args ?? {};
  return JSON.stringify({ text, blocks });
}

function expectDefused(post: string) {
  // The author is named on purpose ("from @author"); nothing from the quoted text may ping.
  const quoted = post.replaceAll(`from <@${PERSON}>`, "");
  expect(quoted).not.toContain("<@");
  expect(quoted).not.toContain("<!");
  expect(quoted).not.toContain("|stripe.com/invoice>");
  expect(quoted).toContain("stripe.com/invoice (https://evil.example/x)");
  expect(quoted).toContain("@channel @here @oncall our invoice is wrong");
  expect(quoted).toContain("cc @U0CEO");
}

describe("a message that pings and disguises a link", () => {
  it("is routed: the team post quotes it defused; the LLM and the inbox have the original", async () => {
    h = await startHarness({ answer: confidentBilling });
    await h.message({ ts: "1700009801.000100", text: TEXT });
    await h.settle();
    expectDefused(postIn("C0BILLING1"));
    expect(h.llmCalls).toEqual([TEXT]);
    expect(await storedTexts(h)).toEqual([TEXT]);
  });

  it("is sent to review: the card quotes it defused; the LLM and the inbox have the original", async () => {
    h = await startHarness({ answer: unsure });
    await h.message({ ts: "1700009802.000100", text: TEXT });
    await h.settle();
    expectDefused(postIn(REVIEW));
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(1);
    expect(h.llmCalls).toEqual([TEXT]);
    expect(await storedTexts(h)).toEqual([TEXT]);
  });
});
