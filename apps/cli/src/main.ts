#!/usr/bin/env -S node --import tsx
// Entry point of the `switchyard` CLI (`pnpm switchyard …` from the repository root).
import { run } from "./cli.ts";

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: Boolean(process.stdin.isTTY),
});
