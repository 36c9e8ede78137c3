import { describe, expect, it } from "vitest";
import { createPrompt, extractFenced, messageForModel } from "../../src/classify/prompt.js";
import { luhnValid, redact } from "../../src/classify/redact.js";
import { exampleConfig } from "../support/bot-harness.js";

describe("redact", () => {
  it.each([
    ["mail jane.doe+billing@example.co.uk today", "mail [email] today"],
    ["<mailto:jane@example.com|jane@example.com> wrote", "<mailto:[email]|[email]> wrote"],
    ["card 4111 1111 1111 1111 exp 12/26", "card [card] exp 12/26"],
    ["card 4111-1111-1111-1111", "card [card]"],
    ["card 4111111111111111.", "card [card]."],
    ["amex 3782 822463 10005", "amex [card]"],
    ["call +1 (415) 555-2671 now", "call [phone] now"],
    ["+44 20 7946 0958", "[phone]"],
    ["415.555.2671", "[phone]"],
    ["ring 020 7946 0958", "ring [phone]"],
    ["<tel:+4915123456789|+49 151 23456789>", "<tel:[phone]|[phone]>"],
    ["mobile 4155552671", "mobile [phone]"],
  ])("%s → %s", (input, output) => {
    expect(redact(input).text).toBe(output);
  });

  it.each([
    "invoice INV-1001 from 2024-10-05",
    "server 192.168.10.20 is down",
    "order 12345678 never arrived",
    "ticket #123456, version 1.2.3, at 10:30",
    "card 4111 1111 1111 1112 (fails Luhn)",
    "charged $1,234.56 twice",
    "Slack ts 1700000101.000100",
    "from 2023 to 2024",
  ])("leaves %s alone", (input) => {
    expect(redact(input).text).toBe(input);
  });

  it("counts what it replaced", () => {
    expect(redact("a@b.io, c@d.io, 4111 1111 1111 1111, +1 415 555 2671").counts).toEqual({
      email: 2,
      card: 1,
      phone: 1,
    });
  });

  it("checks card numbers with Luhn", () => {
    expect(["4111111111111111", "5555555555554444", "378282246310005"].map(luhnValid)).toEqual([
      true,
      true,
      true,
    ]);
    expect(["4111111111111112", "1234567812345678", ""].map(luhnValid)).toEqual([false, false, false]);
  });
});

describe("redaction in the prompt", () => {
  const text = "Refund card 4111 1111 1111 1111 for jane@example.com, call +1 415 555 2671";

  it("is applied only when redact is on, before the cut, and changes the fingerprint", () => {
    const off = createPrompt(exampleConfig(), "gpt-4.1-mini");
    const on = createPrompt(exampleConfig({ redact: true }), "gpt-4.1-mini");
    expect(extractFenced(off.user(text))).toBe(text);
    expect(extractFenced(on.user(text))).toBe("Refund card [card] for [email], call [phone]");
    expect(on.fingerprint).not.toBe(off.fingerprint);
    expect(on.system).toBe(off.system);
  });

  it("redacts before cutting, so no half card number is left at the cut", () => {
    const long = `${"x".repeat(195)} 4111 1111 1111 1111 ${"y".repeat(300)}`;
    const out = messageForModel(long, { max_message_chars: 200, redact: true });
    expect(out).not.toMatch(/4111/);
    expect(out.startsWith(`${"x".repeat(195)} [car`)).toBe(true);
  });
});
