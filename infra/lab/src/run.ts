// The one place the lab spawns short-lived commands: argv arrays through execa, never a shell.
import { execa } from "execa";
import { CommandError } from "./errors.ts";

export interface RunResult {
  argv: readonly string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  timeoutMs?: number;
}

export async function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error("run: empty argv");
  const result = await execa(file, args, {
    reject: false,
    timeout: options.timeoutMs ?? 60_000,
    ...(options.input === undefined ? { stdin: "ignore" as const } : { input: options.input }),
  });
  if (result.failed && result.exitCode === undefined && result.signal === undefined) {
    // Could not spawn at all (ENOENT, …): no exit code to report.
    throw new CommandError(argv, null, result.shortMessage ?? "could not spawn");
  }
  return { argv, exitCode: result.exitCode ?? null, stdout: result.stdout, stderr: result.stderr };
}

/** Like run(), but a non-zero exit throws a CommandError naming the argv and stderr. */
export async function runOk(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await run(argv, options);
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr);
  return result;
}
