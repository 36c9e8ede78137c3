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

/** Scores from a short list half the time, so that many records tie (an order could leak through a tie). */
const SCORES = [0.45, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99];

/**
 * A random record set: 2–4 areas (and one listed area with no records), 50–249 records, ties in the
 * scores, `other` on both sides of the cut-off; live traffic (routed at 0.8, audited at 5% or 20%, review
 * cards labelled at 80%, corrections and ✅ by reaction), a labelled backfill, or both; sometimes one area
 * much noisier than the rest (then at an 80% target, so that a clean area may certify on its own).
 */
function randomSet(seed: number): { records: TuneRecord[]; opts: TuneOptions } {
  const rng = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
  const areas = ["billing", "login", "api", "bug"].slice(0, 2 + Math.floor(rng() * 3));
  const auditRate = pick([0.05, 0.2]);
  const noisy = rng() < 0.4 ? pick(areas) : null;
  const live = rng() < 0.5;
  const history = rng() < 0.5 ? 0.3 : 0;
  const records = Array.from({ length: 50 + Math.floor(rng() * 200) }, (_, i): TuneRecord => {
    const top = pick(areas);
    const p = rng() < 0.6 ? pick(SCORES) : 0.4 + 0.6 * rng();
    const other = rng() < 0.1 ? 0.3 + 0.3 * rng() : 0.01;
    const right = rng() < (top === noisy ? 0.7 * p : p >= 0.85 ? 0.99 : p);
    const truth = right ? top : pick([...areas.filter((a) => a !== top), "other"]);
    const base: TuneRecord = {
      id: `s${seed}m${i}`,
      probs: { [top]: p, zz: Math.max(0, 0.99 - p - other) },
      other,
      decision: null,
      audit: false,
      auditRate,
      label: null,
      labelSource: null,
    };
    if (!live || rng() < history) {
      return { ...base, ...(rng() < 0.7 ? { label: truth, labelSource: "import" as const } : {}) };
    }
    if (p < 0.8 || other >= 0.3) {
      return {
        ...base,
        decision: "review",
        ...(rng() < 0.8 ? { label: truth, labelSource: "review" as const } : {}),
      };
    }
    if (rng() < auditRate) {
      return {
        ...base,
        decision: "route",
        audit: true,
        ...(rng() < 0.9 ? { label: truth, labelSource: "audit" as const } : {}),
      };
    }
    if (rng() < 0.15) {
      const confirmation = right && rng() < 0.5 ? { confirmation: true } : {};
      return { ...base, decision: "route", label: truth, labelSource: "reaction", ...confirmation };
    }
    return { ...base, decision: "route" };
  });
  return {
    records,
    opts: {
      target: noisy ? 0.8 : pick([0.8, 0.9, 0.95]),
      confidence: pick([0.8, 0.9]),
      categories: [...areas, "absent"],
      current,
    },
  };
}

const topScore = (r: TuneRecord) => Math.max(...Object.values(r.probs));
const STRATUM_ORDER = { route: 0, review: 1, null: 2 } as const;

/** The same records in orders a database or a file might give: reversed, by id, by score, by stratum, shuffled. */
function orders(records: readonly TuneRecord[], rng: () => number): [string, TuneRecord[]][] {
  const byId = (a: TuneRecord, b: TuneRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [
    ["reversed", [...records].reverse()],
    ["by id", [...records].sort(byId)],
    ["by score, ties by id descending", [...records].sort((a, b) => topScore(b) - topScore(a) || byId(b, a))],
    [
      "by stratum",
      [...records].sort((a, b) => STRATUM_ORDER[`${a.decision}`] - STRATUM_ORDER[`${b.decision}`]),
    ],
    ["shuffled", shuffle([...records], rng)],
    ["shuffled again", shuffle([...records], rng)],
  ];
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

  it("gives the same report for each of 20 random record sets in 6 other orders (reversed, by id, by score, by stratum, shuffled twice)", {
    timeout: 60_000,
  }, () => {
    const rng = seededRandom(17);
    const seen = { certified: 0, uncertified: 0, mixedStrata: 0, ties: 0, ownThreshold: 0 };
    for (let seed = 1; seed <= 20; seed++) {
      const set = randomSet(seed);
      const first = tuneRecords(set.records, set.opts);
      const expected = JSON.stringify(first);
      for (const [order, records] of orders(set.records, rng)) {
        expect([seed, order, JSON.stringify(tuneRecords(records, set.opts))]).toEqual([
          seed,
          order,
          expected,
        ]);
      }
      const certified = Object.values(first.thresholds.categories).some((t) => t !== null);
      seen[certified ? "certified" : "uncertified"]++;
      if ((first.use?.byStratum.length ?? 0) >= 2) seen.mixedStrata++;
      if (new Set(set.records.map(topScore)).size < set.records.length / 2) seen.ties++;
      if (first.groups?.some((g) => !g.pooled)) seen.ownThreshold++;
    }
    // The sets are varied enough for the property to mean something: both outcomes, mixed strata, many
    // tied scores, and an area certified on its own next to the pool.
    expect(seen.certified).toBeGreaterThanOrEqual(5);
    expect(seen.uncertified).toBeGreaterThanOrEqual(5);
    expect(seen.mixedStrata).toBeGreaterThanOrEqual(8);
    expect(seen.ties).toBeGreaterThanOrEqual(10);
    expect(seen.ownThreshold).toBeGreaterThanOrEqual(1);
  });

  it("gives the same report for each of 12 random files of labelled rows, reversed and shuffled twice", () => {
    const rng = seededRandom(23);
    for (let seed = 101; seed <= 112; seed++) {
      const { records, opts: setOpts } = randomSet(seed);
      const rows: LabelledScore[] = records.flatMap((r) =>
        r.label === null ? [] : [{ probs: r.probs, other: r.other, label: r.label, source: "file" }],
      );
      expect(rows.length).toBeGreaterThan(20);
      const expected = JSON.stringify(tune(rows, setOpts));
      for (const [order, again] of [
        ["reversed", [...rows].reverse()],
        ["shuffled", shuffle([...rows], rng)],
        ["shuffled again", shuffle([...rows], rng)],
      ] as const) {
        expect([seed, order, JSON.stringify(tune(again, setOpts))]).toEqual([seed, order, expected]);
      }
    }
  });

  // An area's expected labels were once a float sum in record order: 178 review labels (rate 1) and 6
  // backfilled records labelled at 1/3 summed to 180 — the count at which an area may have its own
  // threshold at 95% / 90% — with the 1/3s first or last, but to 179.99999999999997 with them in the
  // middle. They are now counted per stratum (certify-layouts.ts, expectedLabels).
  it("gives the same report when an area's expected labels land exactly on the own-threshold count", () => {
    const record = (id: string, top: string, fields: Partial<TuneRecord>): TuneRecord => ({
      id,
      probs: { [top]: 0.9, zz: 0.09 },
      other: 0.01,
      decision: "review",
      audit: false,
      auditRate: 0.05,
      label: null,
      labelSource: null,
      ...fields,
    });
    const reviewed = Array.from({ length: 178 }, (_, i) =>
      record(`r${i}`, "billing", { label: "billing", labelSource: "review" }),
    );
    const backfill = Array.from({ length: 6 }, (_, i) =>
      record(`b${i}`, "billing", {
        decision: null,
        ...(i < 2 ? { label: "billing", labelSource: "import" as const } : {}),
      }),
    );
    const login = Array.from({ length: 5 }, (_, i) =>
      record(`l${i}`, "login", { label: "login", labelSource: "review" }),
    );
    const areas = { ...opts, categories: ["billing", "login"] };
    const last = tuneRecords([...reviewed, ...backfill, ...login], areas);
    const middle = tuneRecords(
      [...reviewed.slice(0, 89), ...backfill, ...reviewed.slice(89), ...login],
      areas,
    );
    expect(JSON.stringify(middle)).toBe(JSON.stringify(last));
  });
});
