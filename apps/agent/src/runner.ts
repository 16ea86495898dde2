// The real CommandRunner: execa with an argv array (never a shell), a timeout on every call, and
// bounded output. A command that cannot start or times out is a result (exitCode null), not an
// exception, so a collector turns it into `{available: false, reason}` and carries on.
import type { CommandOutput, CommandRunner, RunOptions } from "@switchyard/netops";
import { execa } from "execa";
import type { Logger } from "./log.ts";

/** Largest stdout kept from one command (a big host's `ip -json -d link` is a few MB at most). */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export class ExecaRunner implements CommandRunner {
  constructor(
    private readonly defaultTimeoutMs: number,
    private readonly log?: Logger,
  ) {}

  async run(argv: readonly [string, ...string[]], options: RunOptions = {}): Promise<CommandOutput> {
    const [file, ...args] = argv;
    const started = Date.now();
    const result = await execa(file, args, {
      shell: false,
      reject: false,
      timeout: options.timeoutMs ?? this.defaultTimeoutMs,
      killSignal: "SIGKILL",
      maxBuffer: MAX_OUTPUT_BYTES,
      stripFinalNewline: false,
      // The agent's environment may hold its enrollment token; children get only what they need.
      extendEnv: false,
      env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" },
      ...(options.stdin === undefined ? { stdin: "ignore" as const } : { input: options.stdin }),
    });
    const exitCode = result.timedOut || result.exitCode === undefined ? null : result.exitCode;
    const stderr = typeof result.stderr === "string" ? result.stderr : "";
    const out: CommandOutput = {
      exitCode,
      stdout: typeof result.stdout === "string" ? result.stdout : "",
      stderr: result.timedOut
        ? `timed out after ${Date.now() - started} ms\n${stderr}`
        : result.failed && exitCode === null
          ? `${result.shortMessage}\n${stderr}`
          : stderr,
    };
    this.log?.debug("command", { argv, exitCode, ms: Date.now() - started });
    return out;
  }
}

/** One line saying why a command did not give output, for `unavailable` reasons. */
export function failureReason(argv: readonly string[], out: CommandOutput): string {
  const first = out.stderr.trim().split("\n")[0] ?? "";
  const what = argv.slice(0, 6).join(" ");
  return `${what}: ${out.exitCode === null ? "did not finish" : `exit ${out.exitCode}`}${first ? `: ${first.slice(0, 300)}` : ""}`;
}
