// JSON command output (ip -json, nft -j, the Docker Engine API) checked against a lenient zod
// schema: only the fields netops reads are required, everything else is ignored, so a newer
// iproute2 or Docker that adds fields does not break collection.
import type { z } from "zod";
import { err, ok, type Result } from "../result.ts";

/** Parses JSON text (or takes an already-parsed value) and checks it against `schema`. */
export function parseJsonWith<S extends z.ZodType>(
  input: unknown,
  schema: S,
  what: string,
): Result<z.output<S>> {
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return err(`${what}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map(String).join(".") || "(root)" : "(root)";
    return err(`${what}: unexpected shape at ${where}: ${issue?.message ?? "invalid"}`);
  }
  return ok(parsed.data);
}
