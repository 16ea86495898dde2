// Failed sign-in throttling, per account and per source address, in the database so all
// web instances share it. Ten failures for one account within the window lock it for the
// lock period: further attempts are refused even with the right password.
import { type Executor, signInThrottle } from "@switchyard/db";
import { inArray, sql } from "drizzle-orm";

export interface ThrottlePolicy {
  windowSeconds: number;
  lockSeconds: number;
  maxAccountFailures: number;
  maxAddressFailures: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = {
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
  maxAccountFailures: 10,
  maxAddressFailures: 50,
};

export const accountKey = (username: string) => `user:${username.trim().toLowerCase()}`;
export const addressKey = (ip: string | null) => `ip:${ip ?? "unknown"}`;

/** The keys among `keys` that are locked now. */
export async function lockedKeys(db: Executor, keys: string[], now = new Date()): Promise<string[]> {
  const rows = await db
    .select({ key: signInThrottle.key, lockedUntil: signInThrottle.lockedUntil })
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, keys));
  return rows.filter((r) => r.lockedUntil !== null && r.lockedUntil > now).map((r) => r.key);
}

/**
 * Counts one failure for each key; returns the keys this failure locked. A window that
 * has expired starts again at 1.
 */
export async function recordFailure(
  db: Executor,
  keys: { key: string; max: number }[],
  policy: ThrottlePolicy,
  now = new Date(),
): Promise<string[]> {
  const newlyLocked: string[] = [];
  // Raw SQL fragments take ISO text: postgres.js binds no Date objects there.
  const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000).toISOString();
  const nowText = now.toISOString();
  const lockUntil = new Date(now.getTime() + policy.lockSeconds * 1000);
  for (const { key, max } of keys) {
    const [row] = await db
      .insert(signInThrottle)
      .values({ key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart}::timestamptz then 1 else ${signInThrottle.failures} + 1 end`,
          windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart}::timestamptz then ${nowText}::timestamptz else ${signInThrottle.windowStartedAt} end`,
        },
      })
      .returning({ failures: signInThrottle.failures });
    if (row && row.failures >= max) {
      await db
        .update(signInThrottle)
        .set({ lockedUntil: lockUntil, failures: 0, windowStartedAt: now })
        .where(inArray(signInThrottle.key, [key]));
      newlyLocked.push(key);
    }
  }
  return newlyLocked;
}

/** A successful sign-in clears the account's counter (not the address's). */
export async function clearAccount(db: Executor, username: string): Promise<void> {
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, [accountKey(username)]));
}
