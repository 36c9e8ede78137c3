import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatCatalog } from "../../src/cli/format-catalog.js";
import {
  type CatalogRow,
  catalogRows,
  leadingWord,
  otherCatalog,
  showToken,
  tokenKind,
} from "../../src/services/insights.js";
import { saveClassification } from "../../src/store/queries/classifications.js";
import { recordLabel, retractLabel } from "../../src/store/queries/labels.js";
import { openSqliteStore, type SqliteStore } from "../../src/store/sqlite-store.js";
import { countStatements, seedMessage } from "../support/seed.js";

const row = (over: Partial<CatalogRow>): CatalogRow => ({
  messageId: 1,
  text: "hi",
  permalink: null,
  strayTokens: [],
  other: 0.5,
  decision: "review",
  reason: "other",
  label: null,
  at: 0,
  ...over,
});

describe("otherCatalog (pure)", () => {
  it("ranks words by the probability they took, counting each once per message and merging spellings", () => {
    const c = otherCatalog([
      row({
        label: "other",
        strayTokens: [
          { token: "Refund", p: 0.3 },
          { token: "0", p: 0.2 },
        ],
      }),
      row({
        decision: "route",
        reason: null,
        strayTokens: [
          { token: "refund", p: 0.1 },
          { token: "", p: 0.05 },
        ],
      }),
      row({
        strayTokens: [
          { token: "0", p: 0.4 },
          { token: "Hello", p: 0.5 },
          { token: "**", p: 0.01 },
        ],
      }),
    ]);
    expect(c.tokens).toEqual([
      { token: "Hello", messages: 1, inOther: 1, mass: 0.5, meanP: 0.5 },
      {
        token: "Refund",
        messages: 2,
        inOther: 1,
        mass: expect.closeTo(0.4, 12),
        meanP: expect.closeTo(0.2, 12),
      },
    ]);
    expect(c.none).toEqual({ messages: 2, mass: expect.closeTo(0.6, 12) });
    expect(c.noise).toEqual({ messages: 2, mass: expect.closeTo(0.06, 12) });
  });

  it.each([
    ["0", "none"],
    [" 0", "none"],
    ["", "noise"],
    ["  ", "noise"],
    ["**", "noise"],
    ["…", "noise"],
    ["<|end|>", "noise"],
    ["</s>", "noise"],
    ["Shipping", "word"],
    ["GDPR", "word"],
    ["C++", "word"],
  ] as const)("%j is %s", (token, kind) => {
    expect(tokenKind(token, new Set(["0"]))).toBe(kind);
  });

  it.each([
    { label: "other", decision: "route", reason: null, why: "labelled" },
    { label: null, decision: "review", reason: "other", why: "model" },
    { label: null, decision: "review", reason: "low_confidence", why: null },
    { label: "billing", decision: "review", reason: "other", why: null },
    { label: null, decision: "route", reason: null, why: null },
  ] as const)("label $label, $decision/$reason → $why", ({ label, decision, reason, why }) => {
    const c = otherCatalog([row({ label, decision, reason, strayTokens: [{ token: "ship", p: 0.2 }] })]);
    expect(c.otherMessages).toBe(why ? 1 : 0);
    expect(c.groups[0]?.messages[0]?.why).toBe(why ?? undefined);
  });

  it("groups by the leading word (≥ 5%), skipping the none option and noise; the wordless group comes last", () => {
    const c = otherCatalog(
      [
        row({
          messageId: 1,
          at: 1,
          strayTokens: [
            { token: "0", p: 0.5 },
            { token: "Shipping", p: 0.2 },
          ],
        }),
        row({ messageId: 2, at: 3, strayTokens: [{ token: "shipping", p: 0.3 }] }),
        row({
          messageId: 3,
          at: 2,
          strayTokens: [
            { token: "", p: 0.4 },
            { token: "The", p: 0.01 },
          ],
        }),
        row({ messageId: 4, at: 4, strayTokens: [{ token: "gdpr", p: 0.1 }] }),
        row({ messageId: 5, at: 5, strayTokens: [{ token: "shipping", p: 0.1 }] }),
      ],
      { perGroup: 2 },
    );
    expect(c.groups.map((g) => [g.token, g.count])).toEqual([
      ["shipping", 3],
      ["gdpr", 1],
      [null, 1],
    ]);
    expect(c.groups[0]?.messages.map((m) => [m.messageId, m.p])).toEqual([
      [5, 0.1],
      [2, 0.3],
    ]);
  });

  it("picks the most likely word as the leading one, if it is likely enough", () => {
    const none = new Set(["0"]);
    expect(
      leadingWord(
        [
          { token: "a", p: 0.1 },
          { token: "b", p: 0.3 },
        ],
        none,
      )?.token,
    ).toBe("b");
    expect(
      leadingWord(
        [
          { token: " ", p: 0.3 },
          { token: "0", p: 0.3 },
        ],
        none,
      ),
    ).toBeNull();
    expect(leadingWord([{ token: "The", p: 0.049 }], none)).toBeNull();
    expect(leadingWord([{ token: "The", p: 0.049 }], none, 0.01)?.token).toBe("The");
  });

  it("reads words plainly", () => {
    expect(showToken("refund")).toBe("“refund”");
    expect(showToken(null)).toBe("(no word of its own)");
  });

  it("formats an empty window in one line", () => {
    expect(formatCatalog(otherCatalog([]), 7)).toBe(
      "No classified messages in the last 7 days: nothing to catalog yet.",
    );
  });
});

describe("catalogRows (SQLite)", () => {
  let dir: string;
  let db: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "triage-catalog-"));
    db = openSqliteStore(join(dir, "t.db"));
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes each message's classification in the window and its effective label", async () => {
    const old = await seedMessage(db, { ts: "1.1", text: "old", probs: { a: 0.9 }, other: 0.1, at: 1_000 });
    const relabelled = await seedMessage(db, {
      ts: "1.2",
      text: "where is my parcel",
      probs: { a: 0.3 },
      other: 0.7,
      strayTokens: [{ token: "shipping", p: 0.4 }],
      reason: "other",
      labels: [
        ["U1", "a"],
        ["U1", "other"],
      ],
      at: 10_000,
    });
    // A second classification of the same message (e.g. another replica's retry): a message has one, and
    // the first one stands.
    await saveClassification(db, {
      messageId: relabelled.messageId,
      model: "m",
      promptFingerprint: "fp1",
      probs: { a: 0.2 },
      other: 0.8,
      strayTokens: [{ token: "parcel", p: 0.5 }],
      topCategory: "a",
      topProb: 0.2,
      decision: "review",
      reason: "other",
    });
    const retracted = await seedMessage(db, {
      ts: "1.3",
      text: "x",
      probs: { a: 0.95 },
      other: 0.05,
      decision: "route",
      at: 12_000,
    });
    await recordLabel(db, {
      ...retracted,
      userId: "U2",
      label: "other",
      source: "reaction",
      reaction: "x",
      reactionItem: "C0SUPPORT:1",
      at: 12_001,
    });
    await retractLabel(db, {
      messageId: retracted.messageId,
      userId: "U2",
      reaction: "x",
      reactionItem: "C0SUPPORT:1",
      at: 12_002,
    });

    const rows = await catalogRows(db, 5_000);
    const byId = [...rows].sort((a, b) => (a.messageId ?? 0) - (b.messageId ?? 0));
    expect(byId.map((r) => [r.messageId, r.text, r.label, r.other])).toEqual([
      [relabelled.messageId, "where is my parcel", "other", 0.7],
      [retracted.messageId, "x", null, 0.05],
    ]);
    expect(rows.find((r) => r.messageId === relabelled.messageId)?.strayTokens).toEqual([
      { token: "shipping", p: 0.4 },
    ]);
    expect(rows.some((r) => r.messageId === old.messageId)).toBe(false);
  });

  it("costs the same statements (at most two) for 3 messages as for 60", async () => {
    const seed = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) {
        await seedMessage(db, {
          ts: `2.${i}`,
          text: `m${i}`,
          probs: { a: 0.4 },
          other: 0.6,
          strayTokens: [{ token: "w", p: 0.3 }],
          reason: "other",
          labels: [["U1", "other"]],
        });
      }
    };
    await seed(0, 3);
    const few = await countStatements(db, () => catalogRows(db, 0));
    await seed(3, 57);
    const many = await countStatements(db, () => catalogRows(db, 0));
    expect(few.result).toHaveLength(3);
    expect(many.result).toHaveLength(60);
    expect(many.statements).toBe(few.statements);
    expect(many.statements).toBeLessThanOrEqual(2);
  });
});
