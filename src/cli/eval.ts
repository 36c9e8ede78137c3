import { TriageError } from "../errors.js";
import type { CliIo } from "./io.js";

export async function runEval(_args: string[], _io: CliIo): Promise<number> {
  throw new TriageError("triage eval is not built yet");
}
