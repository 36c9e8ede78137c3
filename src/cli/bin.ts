#!/usr/bin/env node
import { runCli } from "./run.js";

// A reader that stops early (`triage replay … | head`) closes the pipe: the command is done, not broken.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
