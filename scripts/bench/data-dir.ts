/** Where the shared score sets are: `--data DIR`, else `../shared/data` beside the repository (or beside a worktree folder). */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export function findDataDir(given: string | undefined, needs: readonly string[]): string | null {
  const candidates = given
    ? [resolve(ROOT, given)]
    : [resolve(ROOT, "../shared/data"), resolve(ROOT, "../../shared/data")];
  return candidates.find((dir) => needs.every((n) => existsSync(join(dir, n)))) ?? null;
}
