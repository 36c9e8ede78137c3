/**
 * `npm run bench`: the bot's performance against the loopback fakes, with the built code (`npm start` runs
 * the same dist/main.js). Prints every figure with its aim and whether it was met — the truth either way.
 *
 *   npm run bench [-- --data DIR] [-- --quick]
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { benchAckLatency, benchOverhead } from "./bench/ack-load.js";
import { benchBackfill } from "./bench/backfill.js";
import { ROOT } from "./bench/bot-process.js";
import { benchBurst } from "./bench/burst.js";
import { benchDatabases } from "./bench/databases.js";
import { benchPromptTokens } from "./bench/prompt-tokens.js";
import { benchSampling } from "./bench/sampling.js";
import { benchStartup } from "./bench/startup.js";
import { benchThroughput } from "./bench/throughput.js";

const { values } = parseArgs({ options: { data: { type: "string" }, quick: { type: "boolean" } } });
const dataDir = resolve(ROOT, values.data ?? "../shared/data");
if (!existsSync(join(dataDir, "banking77")) || !existsSync(join(dataDir, "cicc-intent-scores"))) {
  console.error(
    `error: the data sets are not at ${dataDir} (expected banking77/ and cicc-intent-scores/). Pass --data DIR.`,
  );
  process.exit(1);
}
const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
if (build.status !== 0) {
  console.error("error: npm run build failed");
  process.exit(1);
}

const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
console.log(
  `bench — node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM\n`,
);
await benchStartup(values.quick ? 3 : 5);
console.log();
await benchAckLatency(50, values.quick ? 4 : 10);
console.log();
await benchOverhead(values.quick ? 100 : 300);
console.log();
await benchThroughput();
console.log();
await benchDatabases(values.quick ? 200 : 1000);
console.log();
await benchBurst();
console.log();
await benchBackfill();
console.log();
benchPromptTokens(dataDir, 500);
console.log();
benchSampling(dataDir, join(ROOT, "test/fixtures/llm/llamacpp-chat-logprobs.json"));
