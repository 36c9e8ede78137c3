/**
 * `GET /healthz` (the process answers), `GET /readyz` (every readiness check passes) and `GET /metrics`
 * (Prometheus text), as Bolt `customRoutes` for HTTP mode or on a small server of their own for Socket
 * Mode, which has no HTTP server. Each check runs with a deadline: a hung database must make the probe
 * say so, not hang it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { CustomRoute } from "@slack/bolt";
import { scrubSecrets } from "../logger.js";

export interface ReadinessCheck {
  /** Starts its line in a 503 answer: `database: timed out after 2000 ms`. */
  name: string;
  /**
   * Resolves to null when ready, else the reason it is not; a throw is a reason too (its message). The
   * signal aborts when the deadline passes, for a check that can stop its work.
   */
  run(signal: AbortSignal): Promise<string | null> | string | null;
}

/** What `/metrics` serves; a `BotMetrics` is one. */
export interface MetricsSource {
  text(): Promise<string>;
  readonly contentType: string;
}

export interface HealthOptions {
  checks: readonly ReadinessCheck[];
  /** Without it there is no `/metrics`. */
  metrics?: MetricsSource;
  /** Deadline of each check. Default 2000: below the usual 5 s probe timeout. */
  checkTimeoutMs?: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HealthRoutes {
  /** For Bolt's `HTTPReceiver({ customRoutes })`. */
  customRoutes: CustomRoute[];
  /** Answers the request when its path is one of ours and returns true; false leaves it to the caller. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

export interface HealthServer {
  port: number;
  /** Stops listening and drops open connections (a keep-alive prober would hold `close` otherwise). */
  close(): Promise<void>;
}

const TEXT = "text/plain; charset=utf-8";

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
}

/** null when the check passed, else its line. */
async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<string | null> {
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      deadline.abort();
      resolve(`timed out after ${timeoutMs} ms`);
    }, timeoutMs);
  });
  const outcome = Promise.resolve()
    .then(() => check.run(deadline.signal))
    .catch((err: unknown) => (err instanceof Error ? err.message : String(err)) || "failed");
  try {
    const reason = await Promise.race([outcome, timedOut]);
    return reason === null ? null : `${check.name}: ${scrubSecrets(reason).replace(/\s*\n\s*/g, " ")}`;
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(options: HealthOptions): HealthRoutes {
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  const routes = new Map<string, Handler>([
    ["/healthz", async (_req, res) => send(res, 200, TEXT, "ok")],
    [
      "/readyz",
      async (_req, res) => {
        const failed = (await Promise.all(options.checks.map((c) => runCheck(c, timeoutMs)))).filter(
          (line): line is string => line !== null,
        );
        if (failed.length === 0) send(res, 200, TEXT, "ready");
        else send(res, 503, TEXT, `${failed.join("\n")}\n`);
      },
    ],
  ]);
  const { metrics } = options;
  if (metrics) {
    routes.set("/metrics", async (_req, res) => send(res, 200, metrics.contentType, await metrics.text()));
  }

  const answer = (handler: Handler, req: IncomingMessage, res: ServerResponse) => {
    handler(req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, TEXT, `${scrubSecrets(err.message)}\n`);
      else res.end();
    });
  };
  return {
    customRoutes: [...routes].map(([path, handler]) => ({
      path,
      method: ["GET"],
      handler: (req, res) => answer(handler, req, res),
    })),
    handle(req, res) {
      const handler = routes.get(new URL(req.url ?? "/", "http://probe").pathname);
      if (!handler) return false;
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD", "content-type": TEXT });
        res.end("method not allowed\n");
      } else {
        answer(handler, req, res);
      }
      return true;
    },
  };
}

/** The routes on their own server (Socket Mode). Port 0 picks a free port. */
export function startHealthServer(routes: HealthRoutes, port: number, host?: string): Promise<HealthServer> {
  const server = createServer((req, res) => {
    if (!routes.handle(req, res)) send(res, 404, TEXT, "not found\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
