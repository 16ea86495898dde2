// `Available<T>`: a part of a report that the agent could read, or the reason it could not.
// The agent never fakes a value it could not read (no root, no Docker, no br_netfilter, a
// container that vanished mid-collection): it says so, and the UI shows the reason.
import { z } from "zod";

/** A value that was read, or why it could not be. */
export type Available<T> = { available: true; value: T } | { available: false; reason: string };

/** Zod schema of `Available<T>` for a schema of T. */
export function availableSchema<S extends z.ZodType>(value: S) {
  return z.discriminatedUnion("available", [
    z.object({
      /** The value was read. */
      available: z.literal(true),
      /** What was read. */
      value,
    }),
    z.object({
      /** The value could not be read. */
      available: z.literal(false),
      /** Why, in one line for an operator ("docker socket /run/docker.sock: ENOENT"). */
      reason: z.string().max(1024),
    }),
  ]);
}

/** Wraps a value that was read. */
export function available<T>(value: T): Available<T> {
  return { available: true, value };
}

/** Marks a value that could not be read, with the reason. */
export function unavailable<T = never>(reason: string): Available<T> {
  return { available: false, reason };
}

/** The value, or `fallback` when it was not available. */
export function valueOr<T, F>(item: Available<T>, fallback: F): T | F {
  return item.available ? item.value : fallback;
}
