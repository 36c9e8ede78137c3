/** `npm run bench:backfill [-- --count N]`: backfill throughput against the local fakes, with the built CLI. */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { benchBackfill } from "./bench/backfill.js";
import { ROOT } from "./bench/bot-process.js";

const { values } = parseArgs({ options: { count: { type: "string" } } });
const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
if (build.status !== 0) {
  console.error("error: npm run build failed");
  process.exit(1);
}
await benchBackfill(values.count ? Number(values.count) : undefined);
