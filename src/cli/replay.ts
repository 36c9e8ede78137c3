import { TriageError } from "../errors.js";
import type { CliIo } from "./io.js";

export async function runReplay(_args: string[], _io: CliIo): Promise<number> {
  throw new TriageError("triage replay is not built yet");
}
