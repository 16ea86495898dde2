// Errors the lab reports to its callers. A failure names the step and the host it happened on so
// "lab up failed" is never the whole story.

/** The steps `lab up` runs for each host, in order; SY_LAB_FAIL_AFTER names one of them. */
export const HOST_STEPS = ["netns", "dirs", "dockerd", "image", "containers"] as const;
export type HostStep = (typeof HOST_STEPS)[number];

/** Steps outside a single host: checks before anything is created, the lab folders, restart, down. */
export type LabStep = HostStep | "preflight" | "lab-dirs" | "agent" | "restart" | "down";

export class LabError extends Error {
  override readonly name = "LabError";
  constructor(
    /** The step that failed. */
    readonly step: LabStep,
    /** The lab host (h1, h2, …) it failed on, or null for lab-wide steps. */
    readonly host: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A spawned command that exited non-zero; carries the argv (never a shell string) and stderr. */
export class CommandError extends Error {
  override readonly name = "CommandError";
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    const detail = stderr.trim().split("\n").slice(-3).join(" | ");
    super(`${JSON.stringify(argv)} exited ${exitCode ?? "by signal"}${detail ? `: ${detail}` : ""}`);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
