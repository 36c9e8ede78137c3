/**
 * Bolt's HTTP receiver reads `body.ssl_check` and `body.event.type` before any handler runs, outside any
 * try: a JSON body of `null` throws there, as an unhandled rejection that takes the whole process down, and
 * an `event_callback` without an event object fails every listener with a 500 (Slack then delivers the
 * same broken body three more times); a form body that is neither a command nor an interaction would hold
 * its connection for Bolt's 3-second unhandled-request timeout. This answers such bodies with 400 before
 * Bolt sees them. Anything
 * else — including bodies that are not JSON at all — goes on to Bolt unchanged (it verifies the
 * signature, and answers unparseable bodies 400 itself).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { type HTTPReceiver, HTTPModuleFunctions as http } from "@slack/bolt";
import type { Logger } from "../logger.js";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Why the body cannot be a Slack request, or null when Bolt may have it. */
export function unfitBody(raw: string, contentType: string | undefined): string | null {
  let parsed: unknown;
  try {
    if (contentType === "application/x-www-form-urlencoded") {
      const form = new URLSearchParams(raw);
      const payload = form.get("payload");
      // Slack's form bodies: interactivity (payload), slash commands (command), ssl_check.
      if (payload === null)
        return form.has("command") || form.has("ssl_check") ? null : "a form without payload or command";
      parsed = JSON.parse(payload);
    } else {
      parsed = JSON.parse(raw);
    }
  } catch {
    return null;
  }
  if (!isObject(parsed))
    return `a JSON ${parsed === null ? "null" : Array.isArray(parsed) ? "array" : typeof parsed}`;
  if (
    parsed.type === "event_callback" &&
    !(isObject(parsed.event) && typeof parsed.event.type === "string")
  ) {
    return "an event_callback without an event";
  }
  return null;
}

export function guardRequestBodies(receiver: HTTPReceiver, logger: Logger): void {
  const inner: RequestListener = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") return inner(req, res);
    http.bufferIncomingMessage(req, http.defaultBodyLimit).then(
      (buffered) => {
        const why = unfitBody(buffered.rawBody.toString("utf8"), req.headers["content-type"]);
        if (why === null) return inner(buffered, res);
        logger.warn(`refused a request to ${req.url}: the body is ${why}, not a Slack request`);
        http.buildNoBodyResponse(res, 400);
      },
      (err: unknown) => {
        const tooLarge = http.isRawBodyError(err) && (err as { statusCode: number }).statusCode === 413;
        logger.warn(
          `refused a request to ${req.url}: ${tooLarge ? "body too large" : (err as Error).message}`,
        );
        http.buildNoBodyResponse(res, tooLarge ? 413 : 400);
      },
    );
  };
}
