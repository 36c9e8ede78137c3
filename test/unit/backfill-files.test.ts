/** The backfill CSV and the labels file: hostile texts survive the round trip; every problem is found by line. */
import { describe, expect, it } from "vitest";
import { HOSTILE_TEXTS } from "../../dev/fakes/slack-history.js";
import { csvRecord, parseCsv } from "../../src/data/csv.js";
import {
  checkLabelRows,
  type LabelsFileRow,
  labelResolver,
} from "../../src/services/backfill/check-labels.js";
import { historyCsv, spreadsheetSafe } from "../../src/services/backfill/history-csv.js";

const HOSTILE = [
  ...HOSTILE_TEXTS,
  'a "quote" at the end"',
  '"',
  ",",
  "\n",
  "line one\r\nline two\rline three",
  "tab\tseparated",
  "",
  " leading and trailing spaces ",
];

describe("CSV records", () => {
  it("round-trip any text: commas, quotes, line breaks of every kind, emptiness", () => {
    const text = HOSTILE.map((t, i) => csvRecord([String(i), t, "x"])).join("");
    expect(parseCsv(text).map((r) => r.fields)).toEqual(HOSTILE.map((t, i) => [String(i), t, "x"]));
  });

  it("quote only what needs quoting", () => {
    expect(csvRecord(["a", "b c", 'd"e', "f,g", ""])).toBe('a,b c,"d""e","f,g",\r\n');
  });
});

describe("the backfill CSV", () => {
  const row = (id: number, text: string) => ({
    id,
    ts: "1.1",
    permalink: `https://acme.slack.com/archives/C1/p${id}`,
    text,
    topCategory: id === 2 ? null : "billing",
    topProb: 0.91234,
    other: 0.0456,
  });

  it("has the documented columns, label empty, and every text as it was", () => {
    const rows = HOSTILE.filter((t) => !/^[=+\-@\t\r]/.test(t)).map((t, i) => row(i + 1, t));
    const [header, ...parsed] = parseCsv(historyCsv(rows));
    expect(header?.fields).toEqual(["id", "permalink", "text", "top", "top_p", "other", "label"]);
    expect(parsed.map((r) => r.fields)).toEqual(
      rows.map((r) => [String(r.id), r.permalink, r.text, r.topCategory ?? "", "0.912", "0.046", ""]),
    );
  });

  it("keeps a spreadsheet from running a message as a formula, and changes nothing else", () => {
    expect(spreadsheetSafe('=HYPERLINK("http://evil.test","x")')).toBe(
      '\'=HYPERLINK("http://evil.test","x")',
    );
    for (const t of ["+1 555", "-2", "@here help", "\tindented"]) expect(spreadsheetSafe(t)).toBe(`'${t}`);
    for (const t of ["Refund 2 = 3?", "a-b", "'quoted'", ""]) expect(spreadsheetSafe(t)).toBe(t);
  });
});

describe("checking a labels file", () => {
  const categories = [
    { id: "billing", name: "Billing" },
    { id: "account_access", name: "Account access" },
  ];
  const backfilled = new Map([
    [10, 100],
    [11, 110],
    [12, 120],
  ]);
  const check = (rows: LabelsFileRow[], by: string | undefined) =>
    checkLabelRows(rows, { categories, backfilled, by });

  it("takes category ids and names in any case, and other", () => {
    const resolve = labelResolver(categories);
    expect(
      ["billing", "BILLING", " Account Access ", "account_access", "Other", "OTHER"].map(resolve),
    ).toEqual(["billing", "billing", "account_access", "account_access", "other", "other"]);
    expect(resolve("shipping")).toBeNull();
  });

  it("stores rows with a label, counts empty ones, and uses the row's labeller over --by", () => {
    const out = check(
      [
        { line: 2, id: "10", label: "billing", by: undefined },
        { line: 3, id: "11", label: "", by: undefined },
        { line: 4, id: 12, label: "other", by: "U0AGENT002" },
        { line: 5, id: "99", label: "  ", by: undefined },
      ],
      "U0AGENT001",
    );
    expect(out).toEqual({
      labels: [
        { messageId: 10, classificationId: 100, userId: "U0AGENT001", label: "billing" },
        { messageId: 12, classificationId: 120, userId: "U0AGENT002", label: "other" },
      ],
      empty: 2,
      problems: [],
    });
  });

  it("reports every problem with its line", () => {
    const out = check(
      [
        { line: 2, problem: "not valid JSON (Unexpected end)" },
        { line: 3, id: "abc", label: "billing", by: undefined },
        { line: 4, id: "99", label: "shipping", by: undefined },
        { line: 5, id: "10", label: 3, by: undefined },
        { line: 6, id: "10", label: "billing", by: "bob" },
        { line: 7, id: "11", label: "billing", by: undefined },
        { line: 8, id: "11", label: "other", by: undefined },
        { line: 9, id: "12", label: "billing", by: undefined },
      ],
      undefined,
    );
    expect(out.problems).toEqual([
      "line 2: not valid JSON (Unexpected end)",
      "line 3: id 'abc' is not a message id (the id column that triage backfill wrote)",
      "line 3: no labeller: give --by U123 (a Slack member ID) or fill the by column",
      "line 4: id 99 is not a backfilled message",
      "line 4: label 'shipping' is not a category (billing, account_access or other)",
      "line 4: no labeller: give --by U123 (a Slack member ID) or fill the by column",
      "line 5: label must be text (got 3)",
      "line 6: by 'bob' is not a Slack member ID such as U0123ABCD",
      "line 7: no labeller: give --by U123 (a Slack member ID) or fill the by column",
      "line 8: no labeller: give --by U123 (a Slack member ID) or fill the by column",
      "line 9: no labeller: give --by U123 (a Slack member ID) or fill the by column",
    ]);
  });

  it("refuses a second label for the same message by the same person in one file", () => {
    const out = check(
      [
        { line: 2, id: "11", label: "billing", by: undefined },
        { line: 3, id: "11", label: "other", by: undefined },
        { line: 4, id: "11", label: "other", by: "U0AGENT002" },
      ],
      "U0AGENT001",
    );
    expect(out.problems).toEqual(["line 3: id 11 is labelled by U0AGENT001 on line 2 already"]);
  });
});
