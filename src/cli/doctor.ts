/** `triage doctor`: config, database, LLM endpoint (logprobs, single-token labels) and Slack auth; ✓/✗ per line. */
import {
  databaseTarget,
  type Env,
  llmSettings,
  readEnv,
  readTriageConfig,
  type TriageConfig,
} from "../config.js";
import {
  type CheckLine,
  checkDatabase,
  checkEndpoint,
  checkOptionLabels,
  checkSlack,
} from "./doctor-checks.js";
import type { CliIo } from "./io.js";

const MARK = { ok: "✓", fail: "✗", skip: "–", warn: "!" } as const;

export async function runDoctor(_args: string[], io: CliIo): Promise<number> {
  const lines: CheckLine[] = [];
  const show = (...found: CheckLine[]) => {
    for (const l of found) {
      lines.push(l);
      io.out(`${MARK[l.status]} ${l.name.padEnd(9)} ${l.detail}`);
    }
  };
  let env: Env;
  try {
    env = readEnv();
  } catch (err) {
    show({ status: "fail", name: "env", detail: (err as Error).message.replace(/\n\s*/g, "; ") });
    return 1;
  }
  let config: TriageConfig | null = null;
  try {
    config = readTriageConfig(env.TRIAGE_CONFIG);
    const model = env.TRIAGE_MODEL ?? config.model;
    show({
      status: "ok",
      name: "config",
      detail: `${env.TRIAGE_CONFIG} is valid (${config.categories.length} categories, model ${model})`,
    });
  } catch (err) {
    show({ status: "fail", name: "config", detail: (err as Error).message.replace(/\n\s*/g, "; ") });
  }
  show(await checkDatabase(databaseTarget(env)));
  if (config) {
    // The labels need only the model's tokenizer, so they are checked even without endpoint settings.
    show(...(await checkOptionLabels(config, env.TRIAGE_MODEL ?? config.model)));
    try {
      show(...(await checkEndpoint(llmSettings(env, config), config)));
    } catch (err) {
      show({ status: "fail", name: "endpoint", detail: (err as Error).message });
    }
  } else {
    show({ status: "skip", name: "endpoint", detail: "skipped: no valid config" });
  }
  show(await checkSlack(env));
  return lines.some((l) => l.status === "fail") ? 1 : 0;
}
