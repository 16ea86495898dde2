// Small combinators over Available<T> and Result<T> used while assembling a snapshot.
import { type Available, available, unavailable } from "@switchyard/protocol";
import type { Result } from "../result.ts";

/** Applies `f` to an available value; an unavailable one passes through with its reason. */
export function chain<T, U>(input: Available<T>, f: (value: T) => Available<U>): Available<U> {
  return input.available ? f(input.value) : input;
}

/** Combines two available values; the first unavailable one passes through. */
export function both<A, B, U>(a: Available<A>, b: Available<B>, f: (a: A, b: B) => U): Available<U> {
  if (!a.available) return a;
  if (!b.available) return b;
  return available(f(a.value, b.value));
}

/** A parser Result as Available: its error becomes the reason. */
export function fromResult<T>(result: Result<T>): Available<T> {
  return result.ok ? available(result.value) : unavailable(result.error);
}

/** The value of a Result, or null when it failed. */
export function resultValue<T>(result: Result<T>): T | null {
  return result.ok ? result.value : null;
}
