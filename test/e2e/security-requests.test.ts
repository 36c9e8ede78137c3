/**
 * Requests into the real HTTP receiver that must change nothing: unsigned, wrongly signed, tampered or
 * stale (timestamp more than 5 minutes old) requests are refused before any listener runs, and an
 * admin-only action forged by someone who is not an admin is refused server-side.
 */
import { afterEach, describe, expect, it } from "vitest";
import { homeButton, viewSubmission } from "../../dev/fakes/home-requests.js";
import {
  blockAction,
  eventCallback,
  messageEvent,
  signature,
  slashCommand,
} from "../../dev/fakes/slack-requests.js";
import { tuneRecords } from "../../src/decide/tune.js";
import { thresholdsNow } from "../../src/services/retune/thresholds-now.js";
import { HOME_ACTIONS } from "../../src/slack/views/home.js";
import { RETUNE_MODAL } from "../../src/slack/views/retune-modal.js";
import {
  ADMIN,
  exampleConfig,
  type Harness,
  PERSON,
  SECRET,
  SUPPORT,
  startHarness,
} from "../support/bot-harness.js";

let h: Harness;
afterEach(async () => h?.stop());

const url = () => `http://127.0.0.1:${h.bot.port}/slack/events`;
const body = (ts: string) =>
  JSON.stringify(eventCallback(messageEvent({ channel: SUPPORT, ts, text: "charged twice" })));

function post(raw: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url(), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: raw,
  });
}

function signed(raw: string, timestamp: number, secret = SECRET): Record<string, string> {
  return {
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature(secret, timestamp, raw),
  };
}

const now = () => Math.floor(Date.now() / 1000);

describe("request signatures", () => {
  it("refuses stale, unsigned, wrongly signed and tampered requests; stores nothing", async () => {
    h = await startHarness();
    const refused: [string, Promise<Response>][] = [];
    const stale = body("1700009001.000100");
    refused.push(["signed correctly, 5 min 1 s old", post(stale, signed(stale, now() - 301))]);
    const ancient = body("1700009001.000200");
    refused.push(["signed correctly, a day old", post(ancient, signed(ancient, now() - 86_400))]);
    const unsigned = body("1700009001.000300");
    refused.push(["no signature headers", post(unsigned, {})]);
    const wrong = body("1700009001.000400");
    refused.push(["signed with another secret", post(wrong, signed(wrong, now(), "not-the-secret"))]);
    const original = body("1700009001.000500");
    const tampered = original.replace("charged twice", "charged thrice");
    refused.push(["body changed after signing", post(tampered, signed(original, now()))]);
    const garbage = body("1700009001.000600");
    refused.push([
      "signature not hex",
      post(garbage, { "x-slack-request-timestamp": String(now()), "x-slack-signature": "v0=zz" }),
    ]);
    for (const [what, res] of refused) {
      expect([what, (await res).status]).toEqual([what, 401]);
    }
    expect(await h.table("messages")).toEqual([]);

    // The same request, fresh (4 min 59 s old is still inside the window), is accepted: the refusals
    // above are about the signature and its age, not the request.
    const fresh = body("1700009001.000700");
    expect((await post(fresh, signed(fresh, now() - 299))).status).toBe(200);
    await h.settle();
    expect(await h.table("messages")).toHaveLength(1);
    expect(h.llmCalls).toEqual(["charged twice"]);
  });
});

describe("admin-only actions are checked on the server", () => {
  it("a forged Apply or Cancel click, a rollback and a retune by a non-admin change nothing", async () => {
    // A tuner that certifies something, so the set is one an admin could apply.
    h = await startHarness({
      tune: (records, opts) => ({
        ...tuneRecords(records, opts),
        thresholds: { default: 0.5, other: 0.3, categories: {} },
      }),
    });
    await h.command("retune", ADMIN);
    const setId = 1;
    const before = await thresholdsNow(h.bot.store, h.bot.promptFingerprint, h.config);
    for (const actionId of ["retune_apply", "retune_cancel"]) {
      const res = await h.click({ userId: PERSON, actionId, value: String(setId) });
      expect(res.status).toBe(200);
      expect(h.slack.responses.at(-1)?.body.text).toContain("Only the triage admins");
    }
    // The same Apply, as a form body the way Slack sends it, but signed with a guessed secret.
    const forged = blockAction({
      userId: ADMIN,
      actionId: "retune_apply",
      value: String(setId),
      responseUrl: h.slack.responseUrl(),
    });
    expect((await h.sender.form(forged, { secret: "guessed" })).status).toBe(401);
    for (const cmd of [`rollback ${setId}`, "retune apply", "retune"]) {
      const reply = await h.sender.form(slashCommand({ text: cmd, userId: PERSON, responseUrl: "" }));
      expect(((await reply.json()) as { text: string }).text).toContain("Nothing was changed");
    }
    // The same from App Home: the rollback button, the preview button and the apply modal's submission.
    await h.sender.form(
      homeButton({ userId: PERSON, actionId: HOME_ACTIONS.rollback, value: String(setId) }),
    );
    await h.sender.form(homeButton({ userId: PERSON, actionId: HOME_ACTIONS.retunePreview, value: "x" }));
    const modal = await h.sender.form(
      viewSubmission({ userId: PERSON, callbackId: RETUNE_MODAL, privateMetadata: String(setId) }),
    );
    expect(JSON.stringify(await modal.json())).toContain("Only the triage admins");
    await h.settle();
    expect(await h.table("thresholdActivations")).toEqual([]);
    expect(await thresholdsNow(h.bot.store, h.bot.promptFingerprint, h.config)).toEqual(before);

    // The admin's own click does apply it, so the refusals above are about who clicked.
    await h.click({ userId: ADMIN, actionId: "retune_apply", value: String(setId) });
    expect((await thresholdsNow(h.bot.store, h.bot.promptFingerprint, h.config)).setId).toBe(setId);
  });

  it("an admin's crafted Apply (button or modal) on a set that certifies nothing applies nothing", async () => {
    h = await startHarness();
    expect(JSON.stringify(await h.command("retune", ADMIN))).not.toContain("retune_apply");
    await h.click({ userId: ADMIN, actionId: "retune_apply", value: "1" });
    expect(h.slack.responses.at(-1)?.body.text).toContain("Nothing was applied: set #1 certifies no area");
    const modal = await h.sender.form(
      viewSubmission({ userId: ADMIN, callbackId: RETUNE_MODAL, privateMetadata: "1" }),
    );
    expect(JSON.stringify(await modal.json())).toContain("Nothing was applied: set #1 certifies no area");
    expect(await h.table("thresholdActivations")).toEqual([]);
  });
});

describe("redaction", () => {
  it("with redact: true the LLM gets placeholders; the database and our posts keep the original", async () => {
    h = await startHarness({ config: exampleConfig({ redact: true }) });
    const text =
      "We were charged twice on card 4111 1111 1111 1111 — reach me at jane.doe@example.com or +1 (415) 555-2671";
    await h.message({ ts: "1700009901.000100", text });
    await h.settle();
    expect(h.llmCalls).toEqual(["We were charged twice on card [card] — reach me at [email] or [phone]"]);
    const wire = JSON.stringify(h.llm.requests[0]?.body);
    for (const secret of ["4111", "jane.doe", "example.com", "555-2671"]) expect(wire).not.toContain(secret);
    expect((await h.table("messages"))[0]?.text).toBe(text);
    const route = h.slack.callsTo("chat.postMessage").find((c) => c.args.channel === "C0BILLING1");
    expect(JSON.stringify(route?.args.blocks)).toContain("4111 1111 1111 1111");
  });
});
