import { TriageError } from "../errors.js";
import type { CliIo } from "./io.js";

export async function runRetune(_args: string[], _io: CliIo): Promise<number> {
  throw new TriageError("triage retune is not built yet");
}
