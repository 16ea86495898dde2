// Runs one dump command and returns its stdout as `Available`: a non-zero exit, a timeout or a
// missing binary becomes the reason, with the first stderr line.
import { type Available, available, unavailable } from "@switchyard/protocol";
import { failureReason } from "../runner.ts";
import type { CollectContext } from "./context.ts";

export async function runText(
  ctx: CollectContext,
  argv: readonly [string, ...string[]],
): Promise<Available<string>> {
  try {
    const out = await ctx.runner.run(argv);
    return out.exitCode === 0 ? available(out.stdout) : unavailable(failureReason(argv, out));
  } catch (err) {
    return unavailable(`${argv[0]}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
