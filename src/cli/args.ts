/** Flag parsing for the data commands: node's parseArgs, with mistakes reported as usage errors. */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "../errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseCommandArgs<T extends Options>(
  args: string[],
  options: T,
  usage: string,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (err) {
    throw new UsageError(`${(err as Error).message} (usage: triage ${usage})`);
  }
}

/** A number strictly between `min` and `max`, from a flag. */
export function numberFlag(name: string, value: string | boolean | undefined, min: number, max: number) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(n) || n <= min || n >= max) {
    throw new UsageError(`--${name} must be a number between ${min} and ${max} (got ${String(value)})`);
  }
  return n;
}

export function integerFlag(name: string, value: string | boolean | undefined, min: number, max: number) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got ${String(value)})`);
  }
  return n;
}
