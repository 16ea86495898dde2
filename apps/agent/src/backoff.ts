// Reconnect delays: capped exponential backoff with full jitter (a uniformly random delay in
// [0, min(cap, base·2^attempt))). After a gateway restart, 500 agents spread their reconnects
// over the window instead of arriving together, and none waits longer than the cap.

/** Delay before reconnect attempt `attempt` (0 = first retry). `random` returns [0, 1). */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  // 2^attempt overflows to Infinity past ~1023; the ceiling reaches the cap long before that.
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  return Math.floor(unit * ceiling);
}
