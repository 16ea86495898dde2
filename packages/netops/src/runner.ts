// The one seam between netops' pure code and the processes the agent spawns. The agent
// implements it with execa (argv array, no shell, a timeout); tests implement it with fixtures.

/** What a finished (or killed) command produced. */
export interface CommandOutput {
  /** Exit code; null when the process was killed (timeout, signal) or could not be spawned. */
  exitCode: number | null;
  /** Everything it wrote to stdout. */
  stdout: string;
  /** Everything it wrote to stderr. */
  stderr: string;
}

/** Options of one run. */
export interface RunOptions {
  /** Kill the process after this many milliseconds. */
  timeoutMs?: number;
  /** Text written to its stdin (then closed); e.g. `iptables-restore` input. */
  stdin?: string;
}

/** Runs one command given as an argv array (never a shell string). */
export interface CommandRunner {
  run(argv: readonly [string, ...string[]], options?: RunOptions): Promise<CommandOutput>;
}
