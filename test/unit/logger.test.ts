import { describe, expect, it } from "vitest";
import { createLogger, type LogFormat, memoryLogger } from "../../src/logger.js";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const parsed = (line: string | undefined) => JSON.parse(line ?? "") as Record<string, unknown>;

function recording(format: LogFormat, secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger("debug", (l) => lines.push(l), "triage", secrets, format);
  return { logger, lines };
}

describe("text log lines", () => {
  it("keep the shape ISO-time LEVEL [name] message", () => {
    const log = memoryLogger("debug");
    log.info("started in", "socket", "mode");
    log.child("worker").warn("slow LLM");
    log.child("worker").child("pacer").error(new Error("boom"));
    log.debug("payload", { ts: "1.2" });
    expect(log.lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}\[triage\] started in socket mode$/,
    );
    expect(log.lines[1]).toMatch(/Z WARN {2}\[triage:worker\] slow LLM$/);
    expect(log.lines[2]).toMatch(/Z ERROR \[triage:worker:pacer\] boom$/);
    expect(log.lines[3]).toMatch(/Z DEBUG \[triage\] payload \{"ts":"1\.2"\}$/);
  });

  it("write fields after the message, one line even for an error", () => {
    const { logger, lines } = recording("text");
    logger.with({ messageId: 12 }).info({ eventId: "Ev1", channel: "C 1" }, "routed");
    logger.error({ err: new TypeError("bad input") }, "unhandled");
    expect(lines[0]).toMatch(/ INFO {2}\[triage\] routed messageId=12 eventId=Ev1 channel="C 1"$/);
    expect(lines[1]).toMatch(/ ERROR \[triage\] unhandled err="TypeError: bad input"$/);
  });

  it("honour the level, setLevel and setName as Bolt uses them", () => {
    const log = memoryLogger("info");
    log.debug("hidden");
    const worker = log.child("worker");
    log.setLevel("error" as never);
    log.warn("hidden too");
    worker.warn("children keep the level they were made with");
    log.setName("bolt");
    log.error("renamed");
    expect(log.getLevel()).toBe("error");
    expect(log.lines).toHaveLength(2);
    expect(log.lines[0]).toContain("[triage:worker] children keep");
    expect(log.lines[1]).toContain("ERROR [bolt] renamed");
  });
});

describe("JSON log lines", () => {
  it("are one object per line with level, time, logger and msg", () => {
    const { logger, lines } = recording("json");
    logger.info("started in", "socket", "mode");
    logger.child("worker").warn("slow LLM");
    expect(lines.map(parsed)).toEqual([
      { level: "info", time: expect.stringMatching(ISO), logger: "triage", msg: "started in socket mode" },
      { level: "warn", time: expect.stringMatching(ISO), logger: "triage:worker", msg: "slow LLM" },
    ]);
  });

  it("carry structured fields given first or bound with .with()", () => {
    const { logger, lines } = recording("json");
    logger.child("worker").info({ messageId: 12, eventId: "Ev1" }, "routed");
    const bound = logger.child("worker").with({ messageId: 13 });
    bound.info("reviewed", "low_confidence");
    bound.child("pacer").warn({ channel: "C0BILLING1" }, "waiting");
    expect(parsed(lines[0])).toMatchObject({
      logger: "triage:worker",
      messageId: 12,
      eventId: "Ev1",
      msg: "routed",
    });
    expect(parsed(lines[1])).toMatchObject({ messageId: 13, msg: "reviewed low_confidence" });
    expect(parsed(lines[2])).toMatchObject({
      logger: "triage:worker:pacer",
      messageId: 13,
      channel: "C0BILLING1",
      msg: "waiting",
    });
  });

  it("write an error's type, message and stack", () => {
    const { logger, lines } = recording("json");
    logger.error({ err: new RangeError("out of range") }, "unhandled");
    const err = parsed(lines[0]).err as Record<string, unknown>;
    expect(err.type).toBe("RangeError");
    expect(err.message).toBe("out of range");
    expect(err.stack).toContain("logger.test.ts");
  });
});

describe("secrets", () => {
  const SECRET = "LEAKCHECKsigning0a1b2c3d";
  const QUOTED = 'LEAK"CHECK\\quoted';

  it.each(["text", "json"] as const)(
    "are scrubbed from every %s line, in messages, fields and stacks",
    (format) => {
      const { logger, lines } = recording(format, [SECRET, QUOTED]);
      logger.info(`key ${SECRET} and xoxb-123-456-abc and sk-proj-abcdef123456`);
      logger.with({ token: "xapp-1-A0-123-abc" }).warn({ header: `Bearer ${SECRET}` }, "call failed");
      logger.error({ err: new Error(`Incorrect API key provided: ${SECRET}`) }, "llm");
      logger.error(`echoed ${QUOTED}`);
      logger.warn("cannot connect to postgres://triage:hunter2pw@db:5432/triage");
      const all = lines.join("\n");
      for (const leak of [
        SECRET,
        QUOTED,
        JSON.stringify(QUOTED).slice(1, -1),
        "123-456-abc",
        "abcdef123456",
        "A0-123",
      ]) {
        expect(all).not.toContain(leak);
      }
      expect(all).toContain("xoxb-[redacted]");
      expect(all).toContain("postgres://[redacted]@db:5432/triage");
      if (format === "json") for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    },
  );
});
