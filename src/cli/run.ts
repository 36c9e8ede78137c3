/** `triage <command>`: dispatches to one module per command; errors print one line and exit non-zero. */
import { TriageError } from "../errors.js";
import { type CliIo, processIo } from "./io.js";

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { synopsis: string; what: string; load: () => Promise<Command> }> = {
  classify: {
    synopsis: "classify [--json] TEXT",
    what: "classify one message against the configured endpoint",
    load: async () => (await import("./classify.js")).runClassify,
  },
  eval: {
    synopsis: "eval FILE [--out FILE] [--concurrency N]",
    what: "classify a labelled CSV/JSONL, write predictions and report accuracy and calibration",
    load: async () => (await import("./eval.js")).runEval,
  },
  retune: {
    synopsis: "retune --from FILE [--target P] [--confidence C] [--out FILE] [--json] [--chart out.png]",
    what: "certify thresholds from predictions; --chart also writes out.reliability.png",
    load: async () => (await import("./retune.js")).runRetune,
  },
  replay: {
    synopsis: "replay FILE --thresholds FILE",
    what: "what the bot would decide for each row (JSON lines)",
    load: async () => (await import("./replay.js")).runReplay,
  },
  insights: {
    synopsis: "insights [--json] [--days N] [--per-group N]",
    what: 'the "other" catalog from the bot\'s database: what the model said besides the options',
    load: async () => (await import("./insights.js")).runInsights,
  },
  backfill: {
    synopsis: "backfill --channel C0123ABCD --days 30 --out history.csv [--concurrency N] [--force]",
    what: "classify a channel's history (posts nothing) and write a CSV to label by hand",
    load: async () => (await import("./backfill.js")).runBackfill,
  },
  labels: {
    synopsis: "labels import FILE [--by U0123ABCD]",
    what: "store the hand labels of a backfill CSV (or JSONL with id, label, by); all or nothing",
    load: async () => (await import("./labels.js")).runLabels,
  },
  purge: {
    synopsis: "purge --before YYYY-MM-DD",
    what: "delete message text and permalinks received before the date (scores and labels stay)",
    load: async () => (await import("./purge.js")).runPurge,
  },
  doctor: {
    synopsis: "doctor",
    what: "check config, database, option labels, LLM endpoint and Slack auth",
    load: async () => (await import("./doctor.js")).runDoctor,
  },
};

function usage(): string {
  return [
    "Usage: triage <command> [options]",
    "",
    ...Object.values(COMMANDS).map((c) => `  triage ${c.synopsis}\n      ${c.what}`),
    "",
    "Configuration comes from .env and TRIAGE_CONFIG (default config/triage.yml); each command is described in docs/cli.md.",
  ].join("\n");
}

export async function runCli(
  argv: string[],
  io: CliIo = processIo(argv.includes("--debug")),
): Promise<number> {
  const [name, ...rest] = argv.filter((a) => a !== "--debug");
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command '${name}'.\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (err) {
    if (err instanceof TriageError) {
      io.err(`error: ${err.message}`);
      return 1;
    }
    io.err(`error: ${(err as Error)?.message ?? String(err)}`);
    if (io.debug) io.err((err as Error)?.stack ?? "");
    return 1;
  }
}
