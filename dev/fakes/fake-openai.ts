/**
 * A loopback OpenAI-compatible chat-completions server for tests (node:http, port 0). `dist` replies come
 * in the real wire shapes of OpenAI, vLLM and llama.cpp (fake-openai-bodies.ts); `message` is the text
 * inside the fence of the last user turn, so a test can answer by content.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extractFenced } from "../../src/classify/prompt.js";
import { completionBody, errorBody } from "./fake-openai-bodies.js";

export { completionBody } from "./fake-openai-bodies.js";

export type FakeReply =
  | { dist: Record<string, number>; shape?: "openai" | "vllm" | "llamacpp"; delayMs?: number } // first-token → p
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number } // an error
  | { raw: unknown; delayMs?: number } // any body
  | { hang: true }; // never answers

export interface FakeRequest {
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the client sent
  body: any;
  headers: Record<string, string | undefined>;
  system: string;
  message: string;
}

export interface FakeOpenAI {
  url: string;
  requests: FakeRequest[];
  respond(fn: (req: FakeRequest) => FakeReply | Promise<FakeReply>): void;
  close(): Promise<void>;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("");
  }
  return "";
}

function toRequest(body: unknown, req: IncomingMessage): FakeRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
  const messages: { role?: string; content?: unknown }[] = Array.isArray(
    (body as { messages?: unknown })?.messages,
  )
    ? (body as { messages: { role?: string; content?: unknown }[] }).messages
    : [];
  const system = contentText(messages.find((m) => m.role === "system")?.content);
  const lastUser = contentText(messages.filter((m) => m.role === "user").at(-1)?.content);
  return { body, headers, system, message: extractFenced(lastUser) ?? lastUser };
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: FakeRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let responder: (req: FakeRequest) => FakeReply | Promise<FakeReply> = () => ({
    dist: { "1": 0.9, "0": 0.05 },
  });

  const later = (ms: number | undefined, fn: () => void) => {
    if (!ms) return fn();
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(text);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        send(res, 404, {
          error: {
            message: `Unknown request URL: ${req.method} ${req.url}`,
            type: "invalid_request_error",
            param: null,
            code: "unknown_url",
          },
        });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        send(res, 400, {
          error: {
            message: "We could not parse the JSON body of your request.",
            type: "invalid_request_error",
            param: null,
            code: null,
          },
        });
        return;
      }
      const fake = toRequest(body, req);
      requests.push(fake);
      let reply: FakeReply;
      try {
        reply = await responder(fake);
      } catch (err) {
        send(res, 500, {
          error: {
            message: `fake responder threw: ${(err as Error).message}`,
            type: "server_error",
            param: null,
            code: null,
          },
        });
        return;
      }
      if ("hang" in reply) return;
      if ("dist" in reply) {
        const model = typeof fake.body?.model === "string" ? fake.body.model : "fake-model";
        const shaped = completionBody(
          reply.dist,
          reply.shape ?? "openai",
          model,
          fake.system.length + fake.message.length,
        );
        later(reply.delayMs, () => send(res, 200, shaped));
      } else if ("status" in reply) {
        later(reply.delayMs, () =>
          send(res, reply.status, reply.body ?? errorBody(reply.status), reply.headers),
        );
      } else {
        later(reply.delayMs, () => send(res, 200, reply.raw));
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    respond(fn) {
      responder = fn;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
