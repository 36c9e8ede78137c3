/**
 * `npm start`: read the environment and config once, start the bot, stop cleanly on SIGTERM/SIGINT.
 * A promise rejection nobody handled is logged (through the bot's logger) and the bot stays up.
 * Any start-up problem is one `error: …` message (no stack) and exit code 1.
 */
import { secretsOf, startBot } from "./bot.js";
import { readEnv, readFileConfig } from "./config.js";
import { createLogger, scrubSecrets } from "./logger.js";
import { logUnhandledRejections } from "./unhandled-rejections.js";

async function main(): Promise<void> {
  const env = readEnv();
  const logger = createLogger(env.LOG_LEVEL, undefined, undefined, secretsOf(env), env.LOG_FORMAT);
  logUnhandledRejections(logger);
  const file = readFileConfig(env.TRIAGE_CONFIG);
  const bot = await startBot({ env, file, logger });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: finishing in-flight messages, then stopping\n`);
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
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${scrubSecrets(message)}\n`);
  process.exit(1);
});
