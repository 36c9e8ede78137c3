/**
 * createApp(deps): the Bolt app with its receiver, the shared logger and every listener. Starts nothing.
 * HTTP mode answers Slack only after the listeners return (`processBeforeResponse`), Socket Mode holds
 * its acks the same way, so a message is in the inbox before Slack is told it arrived.
 */
import { App, HTTPReceiver, type Receiver, SocketModeReceiver, type webApi } from "@slack/bolt";
import type { SlackSettings } from "./config.js";
import { ConfigError } from "./errors.js";
import type { ListenerDeps } from "./listeners/deps.js";
import { registerListeners } from "./listeners/index.js";
import type { HealthRoutes } from "./ops/health.js";
import { IntakeError } from "./services/intake.js";
import { AckAfterProcessing } from "./slack/ack-after-processing.js";
import { guardRequestBodies } from "./slack/guard-bodies.js";

export interface BotIdentity {
  botUserId: string;
  botId: string;
}

export type AppDeps = Omit<ListenerDeps, "botUserId"> & {
  settings: SlackSettings;
  clientOptions: webApi.WebClientOptions;
  /** From auth.test; when absent Bolt asks auth.test itself on the first event. */
  identity?: BotIdentity;
  /** /healthz, /readyz and /metrics: served next to /slack/events in HTTP mode. */
  health: HealthRoutes;
  /** Told when Socket Mode connects or loses its connection. */
  onSocketState?: (connected: boolean) => void;
};

function receiverFor(deps: AppDeps): Receiver {
  const { settings, logger, clientOptions } = deps;
  if (settings.mode === "socket") {
    if (!settings.appToken) throw new ConfigError("Socket Mode needs SLACK_APP_TOKEN.");
    const inner = new SocketModeReceiver({
      appToken: settings.appToken,
      logger,
      installerOptions: { clientOptions },
    });
    const report = deps.onSocketState;
    if (report) {
      inner.client.on("connected", () => report(true));
      for (const state of ["close", "disconnected", "reconnecting"])
        inner.client.on(state, () => report(false));
    }
    return new AckAfterProcessing(inner);
  }
  if (!settings.signingSecret) throw new ConfigError("HTTP mode needs SLACK_SIGNING_SECRET.");
  const receiver = new HTTPReceiver({
    signingSecret: settings.signingSecret,
    endpoints: "/slack/events",
    processBeforeResponse: true,
    logger,
    customRoutes: deps.health.customRoutes,
  });
  guardRequestBodies(receiver, logger);
  return receiver;
}

export function createApp(deps: AppDeps): App {
  const { settings, logger, clientOptions } = deps;
  const app = new App({
    token: settings.botToken,
    receiver: receiverFor(deps),
    logger,
    logLevel: logger.getLevel(),
    clientOptions,
    ...(deps.identity ? { botId: deps.identity.botId, botUserId: deps.identity.botUserId } : {}),
  });
  app.error(async (error) => {
    const cause = (error as { original?: unknown }).original ?? error;
    // Only a failed inbox write is worth Slack's redelivery; everything else is answered normally.
    if (cause instanceof IntakeError) {
      logger.error(`${cause.message}; answered with an error so that Slack delivers it again`);
      throw cause;
    }
    logger.error(`unhandled in a listener: ${(cause as Error)?.message ?? String(cause)}`);
  });
  registerListeners(app, {
    ...deps,
    botUserId: deps.identity?.botUserId,
  });
  return app;
}
