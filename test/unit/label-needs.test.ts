/** The way to the first certificate: what more labels would certify — and a retune given them does. */
import { describe, expect, it } from "vitest";
import type { Thresholds } from "../../src/config.js";
import { labelNeeds } from "../../src/decide/label-needs.js";
import { sampleRecord } from "../../src/decide/record-use.js";
import { tuneRecords } from "../../src/decide/tune.js";
import type { LabelNeed, TuneOptions, TuneRecord } from "../../src/decide/tune-types.js";
import { many, record, reviewed } from "./tune-fixtures.js";

const current: Thresholds = { default: 0.8, other: 0.3, categories: {} };
const file = (rows: ReturnType<typeof reviewed>) =>
  rows.map((r, i) => sampleRecord({ ...r, source: "file" }, `f${i}`));

/** What the need says to collect on `area` at score `at`: review clicks, rows of a file, or routed messages audited at 5%. */
function add(
  records: TuneRecord[],
  area: string,
  at: number,
  need: LabelNeed,
  more = need.more,
): TuneRecord[] {
  const messages = need.via === "audit" ? Math.ceil((need.messages * more) / need.more) : more;
  const labels = many(messages, (i) => {
    const labelled = i < more;
    const decision = need.via === "audit" ? "route" : need.via === "review" ? "review" : null;
    return record(area, at, {
      id: `more${i}`,
      probs: { [area]: at },
      other: 0,
      decision,
      audit: need.via === "audit" && labelled,
      label: labelled ? area : null,
      labelSource: labelled ? (need.via === "audit" ? "audit" : need.via) : null,
    });
  });
  return [...records, ...labels];
}

const certifiedAt = (records: TuneRecord[], opts: TuneOptions, area: string, at: number) => {
  const t = tuneRecords(records, opts).thresholds.categories[area];
  return t !== null && t !== undefined && t <= at;
};

describe("label needs", () => {
  it.each([
    {
      name: "30 clean labels at 0.90, target 95%",
      records: file(reviewed(30, "billing", 0.9, "billing")),
      categories: ["billing"],
      target: 0.95,
      sentence: "billing: 15 more correct labels at ≥ 0.90 would certify 95%",
    },
    {
      name: "15 billing right at 0.70 and 10 api wrong at 0.45, target 90%",
      records: file([...reviewed(15, "billing", 0.7, "billing"), ...reviewed(10, "api", 0.45, "billing")]),
      categories: ["billing", "api"],
      target: 0.9,
      sentence: /^pooled areas \(billing, api\): \d+ more correct labels at ≥ 0.70 would certify 90%$/,
    },
    {
      name: "review cards at 0.95, 30 of 300 labelled",
      records: many(300, (i) =>
        record("login", 0.95, {
          id: `c${i}`,
          decision: "review",
          ...(i < 30 ? { label: "login", labelSource: "review" as const } : {}),
        }),
      ),
      categories: ["login"],
      target: 0.95,
      sentence: /^login: \d+ more correct labels at ≥ 0.95 would certify 95%$/,
    },
    {
      name: "routed messages at 0.97, 20 of 1,000 audited",
      records: many(1000, (i) =>
        record("login", 0.97, {
          id: `r${i}`,
          audit: i % 50 === 0,
          ...(i % 50 === 0 ? { label: "login", labelSource: "audit" as const } : {}),
        }),
      ),
      categories: ["login"],
      target: 0.95,
      sentence:
        /^login: \d+ more correct audit labels at ≥ 0.97 \(about \d+ routed messages\) would certify 95%$/,
    },
  ])("$name: says what would certify, and a retune given exactly that certifies", (c) => {
    const opts: TuneOptions = { target: c.target, confidence: 0.9, categories: c.categories, current };
    const [need] = labelNeeds(c.records, opts);
    if (!need) throw new Error("no need reported");
    expect(need.sentence).toMatch(c.sentence);
    const area = c.categories[0] as string;
    expect(certifiedAt(c.records, opts, area, need.threshold)).toBe(false);
    expect(certifiedAt(add(c.records, area, need.threshold, need), opts, area, need.threshold)).toBe(true);
    expect(
      certifiedAt(add(c.records, area, need.threshold, need, need.more - 1), opts, area, need.threshold),
    ).toBe(false);
  });

  it("lists nothing where more labels of the same quality would not help", () => {
    const rows = [...reviewed(70, "billing", 0.9, "billing"), ...reviewed(30, "billing", 0.9, "login")];
    const opts: TuneOptions = { target: 0.95, confidence: 0.9, categories: ["billing", "login"], current };
    expect(labelNeeds(file(rows), opts)).toEqual([]);
  });

  it("is part of the report, and its first line closes the summary when nothing certifies", () => {
    const opts: TuneOptions = { target: 0.95, confidence: 0.9, categories: ["billing"], current };
    const report = tuneRecords(file(reviewed(30, "billing", 0.9, "billing")), opts);
    expect(report.needs?.map((n) => n.sentence)).toEqual([
      "billing: 15 more correct labels at ≥ 0.90 would certify 95%",
    ]);
    expect(report.summary).toMatch(
      /Closest: billing: 15 more correct labels at ≥ 0\.90 would certify 95%\.$/,
    );
  });
});
