import { TriageError } from "../errors.js";
import type { CliIo } from "./io.js";

export async function runDoctor(_args: string[], _io: CliIo): Promise<number> {
  throw new TriageError("triage doctor is not built yet");
}
