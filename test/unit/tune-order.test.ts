/** Same labels, same answer: the report does not depend on the order records come from the database or a file. */
import { describe, expect, it } from "vitest";
import type { Thresholds } from "../../src/config.js";
import { seededRandom, shuffle } from "../../src/decide/seeded-random.js";
import { tune, tuneRecords } from "../../src/decide/tune.js";
import type { LabelledScore, TuneOptions, TuneRecord } from "../../src/decide/tune-types.js";
import { ISSUE_CASE_95 } from "./tune-fixtures.js";

const current: Thresholds = { default: 0.8, other: 0.3, categories: {} };
const categories = ["billing", "login", "api"];
const opts: TuneOptions = { target: 0.95, confidence: 0.9, categories, current };

/** Live records of three areas: routed ones audited at 20%, review cards labelled at 80%, reactions, a backfill. */
function liveRecords(): TuneRecord[] {
  const rng = seededRandom(11);
  return Array.from({ length: 3000 }, (_, i) => {
    const top = categories[i % 3] as string;
    const p = 0.5 + 0.5 * rng();
    const truth = rng() < p ? top : "other";
    const history = i % 10 === 0;
    const routed = !history && p >= 0.8;
    const audit = routed && rng() < 0.2;
    const base = {
      id: `m${i}`,
      probs: { [top]: p, zz: (1 - p) * 0.8 },
      other: (1 - p) * 0.2,
      auditRate: 0.2,
      audit,
    };
    const decision = history ? null : routed ? ("route" as const) : ("review" as const);
    const roll = rng();
    if (history)
      return {
        ...base,
        decision,
        label: roll < 0.5 ? truth : null,
        labelSource: roll < 0.5 ? "import" : null,
      };
    if (!routed)
      return {
        ...base,
        decision,
        label: roll < 0.8 ? truth : null,
        labelSource: roll < 0.8 ? "review" : null,
      };
    if (audit) return { ...base, decision, label: truth, labelSource: "audit" };
    if (truth !== top && roll < 0.3) return { ...base, decision, label: truth, labelSource: "reaction" };
    if (truth === top && roll < 0.2)
      return { ...base, decision, label: top, labelSource: "reaction", confirmation: true };
    return { ...base, decision, label: null, labelSource: null };
  });
}

describe("order independence", () => {
  it.each([
    ["certifies", 0.85],
    ["certifies nothing and says what would", 0.99],
  ])("gives the same report for live records in any order (20 shuffles) when it %s", (_, target) => {
    const records = liveRecords();
    const first = tuneRecords(records, { ...opts, target });
    const certified = Object.values(first.thresholds.categories).some((t) => t !== null);
    expect(certified).toBe(target < 0.9);
    if (!certified) expect(first.needs?.length).toBeGreaterThan(0);
    const rng = seededRandom(5);
    for (let k = 0; k < 20; k++) {
      const again = tuneRecords(shuffle(records.slice(), rng), { ...opts, target });
      expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    }
  });

  it("gives the same report for a file's rows in any order (50 shuffles)", () => {
    const rows: LabelledScore[] = ISSUE_CASE_95;
    const first = JSON.stringify(tune(rows, { ...opts, categories: ["billing", "api"] }));
    const rng = seededRandom(9);
    for (let k = 0; k < 50; k++) {
      expect(
        JSON.stringify(tune(shuffle(rows.slice(), rng), { ...opts, categories: ["billing", "api"] })),
      ).toBe(first);
    }
  });
});
