/** The checks behind `triage doctor`. Each returns lines instead of printing, so they are easy to test. */

import { existsSync } from "node:fs";
import { LlmEndpointError } from "../classify/endpoint-errors.js";
import { answerLabels, createClassifier, endpointOf } from "../classify/openai-classifier.js";
import { createPrompt } from "../classify/prompt.js";
import { checkLabels } from "../classify/single-token.js";
import type { DatabaseTarget, Env, LlmSettings, TriageConfig } from "../config.js";
import { authTest } from "../slack/auth-test.js";
import { openStore, type Store } from "../store/store.js";

export type Status = "ok" | "fail" | "skip" | "warn";
export interface CheckLine {
  status: Status;
  name: string;
  detail: string;
}

const line = (status: Status, name: string, detail: string): CheckLine => ({ status, name, detail });
const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\n\s*/g, "; ");

/** Opens the database read-only: doctor looks, it never creates or migrates anything. */
export async function checkDatabase(target: DatabaseTarget): Promise<CheckLine> {
  const what = target.url ? "Postgres" : "SQLite";
  if (!target.url && !existsSync(target.path)) {
    return line(
      "warn",
      "database",
      `no ${what} file at ${target.path} yet: the bot creates it on its first start`,
    );
  }
  let store: Store | null = null;
  try {
    store = await openStore(target, { readOnly: true });
    const { applied, available } = await store.migrations();
    const pending = available - applied;
    return line(
      pending > 0 ? "warn" : "ok",
      "database",
      `${what} at ${store.location} answers; ${applied} of ${available} migration(s) applied` +
        (pending > 0 ? ` (the bot applies the other ${pending} when it starts)` : ""),
    );
  } catch (err) {
    return line("fail", "database", message(err));
  } finally {
    await store?.close();
  }
}

export async function checkOptionLabels(config: TriageConfig, model: string): Promise<CheckLine[]> {
  const labels = answerLabels(createPrompt(config, model));
  const result = await checkLabels(model, labels);
  const shown = `${labels.slice(0, -1).join(",")} and ${labels.at(-1)} (none of these)`;
  if (!result.ok) return [line("fail", "labels", `${shown}: ${result.problems.join("; ")}`)];
  const how = result.encoding
    ? `each is one token in ${result.encoding}, none is a prefix of another`
    : `no tokenizer known for ${model}; single digits and letters are one token in common tokenizers`;
  return [line("ok", "labels", `${shown}: ${how}`), ...result.warnings.map((w) => line("warn", "labels", w))];
}

/** One real classification of a known example: is the endpoint there, and does it return usable logprobs? */
export async function checkEndpoint(llm: LlmSettings, config: TriageConfig): Promise<CheckLine[]> {
  const endpoint = endpointOf(llm);
  const expected = config.categories[0];
  const probe = expected?.examples[0] ?? expected?.description ?? "I was charged twice this month";
  let classifier: ReturnType<typeof createClassifier>;
  try {
    classifier = createClassifier(llm, config);
  } catch (err) {
    return [line("fail", "endpoint", message(err)), line("skip", "logprobs", "skipped: no usable model")];
  }
  try {
    const r = await classifier.classify(probe);
    const top = Object.entries(r.probs).sort((a, b) => b[1] - a[1])[0] ?? ["none", 0];
    const lines = [line("ok", "endpoint", `${endpoint} answers for model ${llm.model} (${r.latencyMs} ms)`)];
    const summary = `probe ${JSON.stringify(probe)} → ${top[0]} ${top[1].toFixed(2)}, other ${r.other.toFixed(2)}`;
    if (r.other >= 0.5) {
      const strays = r.strayTokens.slice(0, 3).map((s) => `${JSON.stringify(s.token)} ${s.p.toFixed(2)}`);
      lines.push(
        line(
          "fail",
          "logprobs",
          `${summary}: most first-token mass is outside the options (${strays.join(", ")}); ` +
            "a thinking token or a chatty model? disable thinking or pick another model",
        ),
      );
    } else {
      lines.push(line("ok", "logprobs", `present; ${summary}`));
      if (expected && top[0] !== expected.id) {
        lines.push(
          line("warn", "logprobs", `the probe is an example of ${expected.id} but came out ${top[0]}`),
        );
      }
    }
    return lines;
  } catch (err) {
    if (err instanceof LlmEndpointError && (err.kind === "no_logprobs" || err.kind === "no_signal")) {
      return [
        line("ok", "endpoint", `${endpoint} answers for model ${llm.model}`),
        line("fail", "logprobs", err.message),
      ];
    }
    return [line("fail", "endpoint", message(err)), line("skip", "logprobs", "skipped: endpoint not usable")];
  }
}

export async function checkSlack(env: Env): Promise<CheckLine> {
  if (!env.SLACK_BOT_TOKEN) return line("skip", "slack", "skipped: SLACK_BOT_TOKEN not set");
  const auth = await authTest(env.SLACK_BOT_TOKEN, env.SLACK_API_URL, 0);
  if (!auth.ok) {
    return line(
      "fail",
      "slack",
      `auth.test failed at ${env.SLACK_API_URL ?? "https://slack.com/api/"}: ${auth.detail}`,
    );
  }
  return line(
    "ok",
    "slack",
    `auth.test ok: bot ${auth.user ?? "?"} (${auth.userId ?? "?"}) in team ${auth.team ?? "?"}`,
  );
}
