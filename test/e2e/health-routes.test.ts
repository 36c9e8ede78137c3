/**
 * /healthz, /readyz and /metrics over real HTTP: on their own server (Socket Mode) and as Bolt's
 * HTTPReceiver customRoutes (HTTP mode).
 */
import type { AddressInfo } from "node:net";
import { HTTPReceiver } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import {
  type HealthServer,
  healthRoutes,
  type ReadinessCheck,
  startHealthServer,
} from "../../src/ops/health.js";
import { createMetrics } from "../../src/ops/metrics.js";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text.js";

const ready = (name: string): ReadinessCheck => ({ name, run: () => null });
let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function get(path: string, init?: RequestInit) {
  const res = await fetch(`http://127.0.0.1:${server?.port}${path}`, init);
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
}

describe("health routes on their own server", () => {
  it("answer /healthz, /readyz and /metrics", async () => {
    const metrics = createMetrics();
    metrics.messageDecided("review", "other");
    server = await startHealthServer(
      healthRoutes({ checks: [ready("database"), ready("worker")], metrics }),
      0,
      "127.0.0.1",
    );
    expect(await get("/healthz")).toMatchObject({ status: 200, body: "ok" });
    expect(await get("/readyz")).toMatchObject({ status: 200, body: "ready" });
    const scrape = await get("/metrics");
    expect(scrape.status).toBe(200);
    expect(scrape.type).toBe("text/plain; version=0.0.4; charset=utf-8");
    const families = parsePrometheusText(scrape.body);
    expect(
      sampleValue(families, "triage_messages_decided_total", { decision: "review", reason: "other" }),
    ).toBe(1);
    expect(families.has("process_resident_memory_bytes")).toBe(true);
    expect((await get("/readyz?verbose=1")).status).toBe(200);
    expect(await get("/nothing")).toMatchObject({ status: 404 });
    expect(await get("/readyz", { method: "POST" })).toMatchObject({ status: 405 });
  });

  it("answer 503 with each failing check's reason, one per line", async () => {
    const checks: ReadinessCheck[] = [
      { name: "database", run: async () => "no database at data/triage.db\n  (was it removed?)" },
      ready("worker"),
      {
        name: "slack",
        run: () => {
          throw new Error("Socket Mode not connected");
        },
      },
      {
        name: "backlog",
        run: async () => Promise.reject(new Error("postgres://triage:pw123456@db/triage refused")),
      },
    ];
    server = await startHealthServer(healthRoutes({ checks }), 0, "127.0.0.1");
    const res = await get("/readyz");
    expect(res.status).toBe(503);
    expect(res.body).toBe(
      [
        "database: no database at data/triage.db (was it removed?)",
        "slack: Socket Mode not connected",
        "backlog: postgres://[redacted]@db/triage refused",
        "",
      ].join("\n"),
    );
    expect(await get("/healthz")).toMatchObject({ status: 200, body: "ok" });
  });

  it("give up on a hung check at its deadline and abort it", async () => {
    let aborted = false;
    const hung: ReadinessCheck = {
      name: "database",
      run: (signal) =>
        new Promise(() => {
          signal.addEventListener("abort", () => {
            aborted = true;
          });
        }),
    };
    server = await startHealthServer(
      healthRoutes({ checks: [hung, ready("worker")], checkTimeoutMs: 150 }),
      0,
    );
    const started = Date.now();
    const res = await get("/readyz");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res).toMatchObject({ status: 503, body: "database: timed out after 150 ms\n" });
    expect(aborted).toBe(true);
  });

  it("close with a prober's keep-alive connection open, and stop answering", async () => {
    server = await startHealthServer(healthRoutes({ checks: [] }), 0, "127.0.0.1");
    const port = server.port;
    expect((await get("/healthz")).status).toBe(200);
    await server.close();
    server = undefined;
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it("say why a port cannot be had", async () => {
    server = await startHealthServer(healthRoutes({ checks: [] }), 0, "127.0.0.1");
    await expect(startHealthServer(healthRoutes({ checks: [] }), server.port, "127.0.0.1")).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});

describe("health routes in Bolt's HTTP receiver", () => {
  it("serve the same answers as customRoutes next to /slack/events", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const receiver = new HTTPReceiver({
      signingSecret: "not-used-here",
      customRoutes: healthRoutes({
        checks: [{ name: "worker", run: () => "no worker loop for 40 s" }],
        metrics,
      }).customRoutes,
    });
    const http = await receiver.start(0);
    try {
      const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const healthz = await fetch(`${base}/healthz`);
      expect([healthz.status, await healthz.text()]).toEqual([200, "ok"]);
      const readyz = await fetch(`${base}/readyz`);
      expect([readyz.status, await readyz.text()]).toEqual([503, "worker: no worker loop for 40 s\n"]);
      const scrape = await fetch(`${base}/metrics`);
      expect(scrape.headers.get("content-type")).toBe(metrics.contentType);
      expect(parsePrometheusText(await scrape.text()).has("triage_inbox_backlog")).toBe(true);
    } finally {
      await receiver.stop();
    }
  });
});
