/**
 * Slack's Block Kit limits, checked on any payload a test captures (messages, Home views, modals). One
 * validator for every block test. Limits from docs.slack.dev/reference/block-kit (blocks, composition
 * objects, block elements) and views (≤ 100 blocks in Home tabs and modals, 50 in messages).
 */
import { expect } from "vitest";

export type Surface = "message" | "home" | "modal";

const MAX_BLOCKS: Record<Surface, number> = { message: 50, home: 100, modal: 100 };
const LIMITS = {
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  actionId: 255,
  blockId: 255,
  contextElements: 10,
  actionsElements: 25,
  imageAlt: 2000,
  messageText: 40_000,
  optionText: 75,
  selectOptions: 100,
} as const;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function textOf(v: unknown): string | undefined {
  return isObj(v) && typeof v.text === "string" ? v.text : undefined;
}

/** Every problem found, as "where: what" lines; empty when the payload is within Slack's limits. */
export function blockKitProblems(surface: Surface, blocks: unknown, topText?: unknown): string[] {
  const problems: string[] = [];
  const actionIds = new Map<string, string>();
  const blockIds = new Set<string>();
  const check = (ok: boolean, where: string, what: string) => {
    if (!ok) problems.push(`${where}: ${what}`);
  };
  const len = (s: string | undefined, max: number, where: string, what: string) =>
    check(s === undefined || s.length <= max, where, `${what} is ${s?.length} characters (max ${max})`);
  const needText = (t: unknown, where: string, types: string[]) => {
    check(
      isObj(t) && types.includes(String(t.type)) && typeof t.text === "string" && t.text.length > 0,
      where,
      `needs a non-empty ${types.join("/")} text object`,
    );
  };

  const element = (e: unknown, where: string) => {
    if (!isObj(e)) {
      check(false, where, "element is not an object");
      return;
    }
    if (typeof e.action_id === "string") {
      len(e.action_id, LIMITS.actionId, where, "action_id");
      const prev = actionIds.get(e.action_id);
      check(prev === undefined, where, `action_id '${e.action_id}' already used at ${prev}`);
      actionIds.set(e.action_id, where);
    }
    if (e.type === "button") {
      needText(e.text, where, ["plain_text"]);
      len(textOf(e.text), LIMITS.buttonText, where, "button text");
      len(typeof e.value === "string" ? e.value : undefined, LIMITS.buttonValue, where, "button value");
      len(typeof e.url === "string" ? e.url : undefined, LIMITS.url, where, "button url");
      check(
        e.style === undefined || e.style === "primary" || e.style === "danger",
        where,
        `bad style ${String(e.style)}`,
      );
    }
    if (Array.isArray(e.options)) {
      check(
        e.options.length <= LIMITS.selectOptions,
        where,
        `${e.options.length} options (max ${LIMITS.selectOptions})`,
      );
      for (const [i, o] of e.options.entries()) {
        len(
          textOf(isObj(o) ? o.text : undefined),
          LIMITS.optionText,
          `${where}.options[${i}]`,
          "option text",
        );
      }
    }
    if (e.type === "image") {
      len(typeof e.alt_text === "string" ? e.alt_text : undefined, LIMITS.imageAlt, where, "alt_text");
    }
  };

  if (!Array.isArray(blocks)) return ["blocks: not an array"];
  check(
    blocks.length <= MAX_BLOCKS[surface],
    "blocks",
    `${blocks.length} blocks (max ${MAX_BLOCKS[surface]} in a ${surface})`,
  );
  if (surface === "message") {
    check(
      typeof topText === "string" && topText.length > 0,
      "text",
      "a message with blocks needs top-level text",
    );
    len(typeof topText === "string" ? topText : undefined, LIMITS.messageText, "text", "message text");
  }
  for (const [i, b] of blocks.entries()) {
    const where = `blocks[${i}]`;
    if (!isObj(b)) {
      check(false, where, "block is not an object");
      continue;
    }
    if (typeof b.block_id === "string") {
      len(b.block_id, LIMITS.blockId, where, "block_id");
      check(!blockIds.has(b.block_id), where, `block_id '${b.block_id}' is not unique`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case "section": {
        check(b.text !== undefined || Array.isArray(b.fields), where, "section needs text or fields");
        if (b.text !== undefined) needText(b.text, `${where}.text`, ["mrkdwn", "plain_text"]);
        len(textOf(b.text), LIMITS.sectionText, where, "section text");
        if (Array.isArray(b.fields)) {
          check(
            b.fields.length <= LIMITS.sectionFields,
            where,
            `${b.fields.length} fields (max ${LIMITS.sectionFields})`,
          );
          for (const [j, f] of b.fields.entries()) {
            len(textOf(f), LIMITS.fieldText, `${where}.fields[${j}]`, "field text");
          }
        }
        if (b.accessory !== undefined) element(b.accessory, `${where}.accessory`);
        break;
      }
      case "header":
        needText(b.text, where, ["plain_text"]);
        len(textOf(b.text), LIMITS.headerText, where, "header text");
        break;
      case "context":
        check(
          Array.isArray(b.elements) && b.elements.length > 0 && b.elements.length <= LIMITS.contextElements,
          where,
          "context needs 1–10 elements",
        );
        (Array.isArray(b.elements) ? b.elements : []).forEach((e, j) => {
          if (isObj(e) && (e.type === "mrkdwn" || e.type === "plain_text"))
            len(textOf(e), LIMITS.sectionText, `${where}.elements[${j}]`, "context text");
          else element(e, `${where}.elements[${j}]`);
        });
        break;
      case "actions":
        check(
          Array.isArray(b.elements) && b.elements.length > 0 && b.elements.length <= LIMITS.actionsElements,
          where,
          "actions needs 1–25 elements",
        );
        for (const [j, e] of (Array.isArray(b.elements) ? b.elements : []).entries()) {
          element(e, `${where}.elements[${j}]`);
        }
        break;
      case "image":
        check(
          typeof b.image_url === "string" || isObj(b.slack_file),
          where,
          "image needs image_url or slack_file",
        );
        element(b, where);
        break;
      case "divider":
      case "rich_text":
      case "file":
      case "input":
      case "video":
        break;
      default:
        check(false, where, `unknown block type ${String(b.type)}`);
    }
  }
  return problems;
}

/** Fails the test with every problem listed. */
export function expectValidBlocks(surface: Surface, blocks: unknown, topText?: unknown): void {
  expect(blockKitProblems(surface, blocks, topText)).toEqual([]);
}

/** A Home or modal view: its own fields (titles ≤ 24, callback_id ≤ 255, private_metadata ≤ 3000), then its blocks. */
export function viewProblems(view: unknown): string[] {
  if (!isObj(view) || (view.type !== "home" && view.type !== "modal"))
    return ["view: type must be home or modal"];
  const problems: string[] = [];
  const short = (field: string) => {
    const t = textOf(view[field]);
    if (view[field] !== undefined && (t === undefined || t.length === 0 || t.length > 24)) {
      problems.push(`view.${field}: needs plain_text of 1–24 characters (got ${JSON.stringify(t)})`);
    }
  };
  if (view.type === "modal") {
    if (view.title === undefined) problems.push("view.title: a modal needs a title");
    for (const field of ["title", "submit", "close"]) short(field);
  }
  if (typeof view.callback_id === "string" && view.callback_id.length > 255)
    problems.push("view.callback_id: over 255");
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) {
    problems.push("view.private_metadata: over 3000");
  }
  return [...problems, ...blockKitProblems(view.type, view.blocks)];
}

export function expectValidView(view: unknown): void {
  expect(viewProblems(view)).toEqual([]);
}
