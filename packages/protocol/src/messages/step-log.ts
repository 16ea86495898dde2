// The log record of one spawned command, as the agent sends it back (redacted before it leaves
// the host). Every step of every operation becomes one.
import { z } from "zod";
import { Timestamp } from "../common.ts";

/** Largest stdout or stderr kept per step (64 KiB); the agent truncates longer output. */
export const MAX_STEP_OUTPUT_CHARS = 64 * 1024;

/** One executed step. */
export const StepLog = z.object({
  /** What the step does, for people ("create veth A/B"). */
  step: z.string().max(256),
  /** The exact argv (no shell). */
  argv: z.array(z.string().max(4096)).min(1).max(256),
  /** Exit code; null when the process was killed (timeout, signal) or could not start. */
  exitCode: z.int().nullable(),
  /** Its stdout, truncated to MAX_STEP_OUTPUT_CHARS. */
  stdout: z.string().max(MAX_STEP_OUTPUT_CHARS),
  /** Its stderr, truncated to MAX_STEP_OUTPUT_CHARS. */
  stderr: z.string().max(MAX_STEP_OUTPUT_CHARS),
  /** When it was spawned. */
  startedAt: Timestamp,
  /** When it ended. */
  endedAt: Timestamp,
});
export type StepLog = z.infer<typeof StepLog>;
