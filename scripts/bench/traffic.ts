/**
 * What the bench sends and how the pretend model answers: support messages of four kinds (confident
 * billing, confident account access, an uncertain API one, and small talk that fits no area), answered
 * with the first-token distributions a real model gives such messages, after a chosen latency.
 */
import type { FakeOpenAI, FakeReply } from "../../dev/fakes/fake-openai.js";
import { eventCallback, messageEvent } from "../../dev/fakes/slack-requests.js";

const KINDS = [
  (n: number) => `We were charged twice for invoice INV-${1000 + n}, please refund one`,
  (n: number) => `User ${n} is stuck in an SSO login loop after the Okta change`,
  (n: number) => `Webhook deliveries to our endpoint fail since we rotated API key #${n}`,
  (n: number) => `Does anyone know a good lunch place near office ${n}?`,
];

export function supportText(n: number): string {
  return (KINDS[n % KINDS.length] as (n: number) => string)(n);
}

/** A signed-ready Events API body for message number `n` (unique ts and event id per run tag). */
export function messageBody(n: number, tag: string) {
  const ts = `${1_700_100_000 + n}.${tag.padStart(6, "0").slice(-6)}`;
  return eventCallback(messageEvent({ channel: "C0SUPPORT1", ts, text: supportText(n) }), {
    eventId: `Ev-bench-${tag}-${n}`,
  });
}

export function answerWithLatency(llm: FakeOpenAI, latencyMs: number): void {
  llm.respond((req): FakeReply => {
    const delayMs = latencyMs;
    if (/charged/.test(req.message)) return { dist: { "1": 0.95, "3": 0.02 }, delayMs };
    if (/SSO/.test(req.message)) return { dist: { "2": 0.93, "4": 0.03 }, delayMs };
    if (/Webhook/.test(req.message)) return { dist: { "3": 0.62, "4": 0.2, "1": 0.1 }, delayMs };
    return { dist: { "0": 0.82, "7": 0.06 }, delayMs };
  });
}
