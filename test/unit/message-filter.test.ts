import { describe, expect, it } from "vitest";
import { type FilterContext, filterMessage, type MessageEventLike } from "../../src/slack/message-filter.js";

const ctx: FilterContext = {
  supportChannels: ["C0SUPPORT1"],
  ownChannels: new Set(["C0REVIEW01", "C0BILLING1"]),
  botUserId: "W23456789",
};
const base: MessageEventLike = {
  type: "message",
  channel: "C0SUPPORT1",
  channel_type: "channel",
  user: "U0PERSON01",
  text: "We were charged twice",
  ts: "1700000000.000100",
};

describe("filterMessage", () => {
  it.each([
    ["a plain top-level message", {}, true],
    ["a file share", { subtype: "file_share" }, true],
    [
      "a thread reply also sent to the channel",
      { subtype: "thread_broadcast", thread_ts: "1699999999.000001" },
      true,
    ],
    ["a message that starts a thread (thread_ts = ts)", { thread_ts: "1700000000.000100" }, true],
    ["a private channel", { channel_type: "group" }, true],
    ["a thread reply", { thread_ts: "1699999999.000001" }, false],
    ["an edit", { subtype: "message_changed" }, false],
    ["a delete", { subtype: "message_deleted", hidden: true }, false],
    ["a join", { subtype: "channel_join" }, false],
    ["a bot message subtype", { subtype: "bot_message", bot_id: "B1" }, false],
    ["a bot post without subtype", { bot_id: "B1" }, false],
    ["our own post", { user: "W23456789" }, false],
    ["another channel", { channel: "C0ELSEWHERE" }, false],
    ["a DM", { channel: "D0DM000001", channel_type: "im" }, false],
    ["an empty message", { text: "   " }, false],
    ["no user", { user: undefined }, false],
    ["a reaction-like event", { type: "reaction_added" }, false],
  ] as const)("%s → %s", (_what, patch, accept) => {
    expect(filterMessage({ ...base, ...patch } as MessageEventLike, ctx).accept).toBe(accept);
  });

  it("watches every channel but our own when support_channels is empty", () => {
    const open = { ...ctx, supportChannels: [] };
    expect(filterMessage({ ...base, channel: "C0ANYWHERE" }, open).accept).toBe(true);
    expect(filterMessage({ ...base, channel: "C0REVIEW01" }, open).accept).toBe(false);
    expect(filterMessage({ ...base, channel: "C0BILLING1" }, open).accept).toBe(false);
  });

  it("names shared files in the text so a caption-less upload can be classified", () => {
    const r = filterMessage(
      { ...base, subtype: "file_share", text: "", files: [{ name: "invoice.pdf" }] },
      ctx,
    );
    expect(r).toEqual({ accept: true, message: expect.objectContaining({ text: "[file: invoice.pdf]" }) });
  });
});
