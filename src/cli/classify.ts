import { TriageError } from "../errors.js";
import type { CliIo } from "./io.js";

export async function runClassify(_args: string[], _io: CliIo): Promise<number> {
  throw new TriageError("triage classify is not built yet");
}
