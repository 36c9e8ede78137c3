/**
 * Socket Mode over a real WebSocket: the fake Slack's apps.connections.open hands out a local ws:// URL,
 * the server speaks Slack's frames (hello, events_api and slash_commands envelopes from the fixtures), and
 * the bot acknowledges each envelope — only after the message is in the inbox.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { startFakeSlack, type Wire } from "../../dev/fakes/fake-slack.js";
import { exampleConfig, type Harness, REVIEW, startHarness } from "../support/bot-harness.js";
import { failInserts } from "../support/db-faults.js";
import { until } from "../support/until.js";

const FRAMES = fileURLToPath(new URL("../fixtures/slack/socket_mode", import.meta.url));
const frame = (name: string) => readFileSync(`${FRAMES}/${name}`, "utf8").trim();

let h: Harness | undefined;
let wss: WebSocketServer | undefined;
afterEach(async () => {
  await h?.stop();
  await new Promise((resolve) => wss?.close(resolve));
});

it("connects, receives a message event and a /triage command, and acks each after handling it", async () => {
  wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  const slack = await startFakeSlack();
  slack.setSocketUrl(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`);
  const acks: { ack: Wire; inboxRows: Promise<number> }[] = [];
  const gotAcks = new Promise<void>((resolve) => {
    wss?.on("connection", (socket: WebSocket) => {
      socket.on("message", (data) => {
        // What the inbox holds at the moment the ack arrives (read as it arrives).
        acks.push({
          ack: JSON.parse(String(data)),
          inboxRows: h ? h.table("messages").then((rows) => rows.length) : Promise.resolve(-1),
        });
        if (acks.length === 2) resolve();
      });
      socket.send(frame("hello.json"));
    });
  });

  // The fixture message arrives in C111, so that is the watched channel here.
  h = await startHarness({
    slack,
    config: exampleConfig({ support_channels: ["C111"] }),
    env: { SLACK_MODE: "socket", SLACK_APP_TOKEN: "xapp-1-test", SLACK_SIGNING_SECRET: "" },
  });
  expect(h.bot.mode).toBe("socket");
  expect(slack.callsTo("apps.connections.open")).toHaveLength(1);
  expect(slack.callsTo("apps.connections.open")[0]?.token).toBe("xapp-1-test");

  const [socket] = [...(wss?.clients ?? [])];
  socket?.send(frame("events_api.message.envelope.json"));
  const command = JSON.parse(frame("slash_commands.envelope.json"));
  command.payload.command = "/triage";
  command.payload.text = "help";
  socket?.send(JSON.stringify(command));
  await gotAcks;

  const event = acks.find((a) => a.ack.envelope_id === "ac2cfd40-6f8c-4d5e-a1ad-646e532baa19");
  expect(event?.ack).toEqual({ envelope_id: "ac2cfd40-6f8c-4d5e-a1ad-646e532baa19", payload: {} });
  expect(await event?.inboxRows).toBe(1);
  const reply = acks.find((a) => a.ack.envelope_id === "1d3c79ab-0ffb-41f3-a080-d19e85f53649");
  expect(reply?.ack.payload.response_type).toBe("ephemeral");
  expect(reply?.ack.payload.text).toContain("/triage stats [days]");

  await h.settle();
  expect(h.llmCalls).toEqual(["<@U111> Hi here!"]);

  // An envelope whose message cannot be stored is not acknowledged, so Slack delivers it again.
  const repair = await failInserts(h.bot.store, "messages");
  const lost = JSON.parse(frame("events_api.message.envelope.json"));
  lost.envelope_id = "env-lost-1";
  lost.payload.event_id = "Ev-second";
  lost.payload.event.ts = "1610241799.000100";
  socket?.send(JSON.stringify(lost));
  await until(
    () => h?.logs.some((l) => l.includes("could not store message C111/1610241799.000100")) ?? false,
  );
  await repair();
  const again = { ...lost, envelope_id: "env-lost-2", retry_attempt: 1, retry_reason: "timeout" };
  const acked = new Promise<void>((resolve) =>
    socket?.on("message", (d) => String(d).includes("env-lost-2") && resolve()),
  );
  socket?.send(JSON.stringify(again));
  await acked;
  expect(acks.map((a) => a.ack.envelope_id)).not.toContain("env-lost-1");
  expect(await acks.find((a) => a.ack.envelope_id === "env-lost-2")?.inboxRows).toBe(2);
  const card = slack.callsTo("chat.postMessage").find((c) => c.args.channel === REVIEW);
  expect(JSON.stringify(card?.args.blocks)).toContain("Hi here!");

  // Socket Mode has no HTTP server of its own: the probes get one on PORT, and readiness follows the socket.
  const probe = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${h?.bot.healthPort}${path}`);
    return [res.status, await res.text()];
  };
  expect(await probe("/healthz")).toEqual([200, "ok"]);
  expect(await probe("/readyz")).toEqual([200, "ready"]);
  expect((await probe("/metrics"))[1]).toContain("triage_messages_decided_total");
  // Slack goes away: the socket drops and cannot come back.
  wss?.close();
  for (const client of wss?.clients ?? []) client.terminate();
  await until(async () => (await probe("/readyz"))[0] === 503);
  expect((await probe("/readyz"))[1]).toMatch(/^slack: not connected to Slack \(Socket Mode\)/m);
  await h.stop();
  h = undefined;
  await slack.close();
});
