/**
 * `npm start`: read the environment and config once, start the bot, stop on SIGTERM/SIGINT within
 * SHUTDOWN_TIMEOUT_S (work not finished by then stays in the inbox); a second signal exits at once.
 * A promise rejection nobody handled is logged (through the bot's logger) and the bot stays up.
 * Any start-up problem is one `error: …` message (no stack) and exit code 1.
 */
import { secretsOf, startBot } from "./bot.js";
import { readEnv, readTriageConfig } from "./config.js";
import { createLogger, scrubSecrets } from "./logger.js";
import { logUnhandledRejections } from "./ops/unhandled-rejections.js";

async function main(): Promise<void> {
  const env = readEnv();
  const logger = createLogger(env.LOG_LEVEL, undefined, undefined, secretsOf(env), env.LOG_FORMAT);
  logUnhandledRejections(logger);
  const config = readTriageConfig(env.TRIAGE_CONFIG);
  const bot = await startBot({ env, config, logger });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now; unfinished messages stay in the inbox\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(
      `${signal}: finishing in-flight messages (up to ${env.SHUTDOWN_TIMEOUT_S} s), then stopping\n`,
    );
    // The bot keeps its own deadline; this one only catches a stop that hangs anyway.
    setTimeout(
      () => {
        process.stderr.write("stopping took too long: exiting; unfinished messages stay in the inbox\n");
        process.exit(1);
      },
      (env.SHUTDOWN_TIMEOUT_S + 5) * 1000,
    ).unref();
    bot.stop().then(
      () => {
        process.stderr.write("stopped: unfinished messages stay in the inbox for the next start\n");
        process.exit(0);
      },
      (err: Error) => {
        process.stderr.write(`error: while stopping: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${scrubSecrets(message)}\n`);
  process.exit(1);
});
