import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Failed sign-in counters, per account (`user:<name>`) and per source address (`ip:<addr>`).
 * Kept in the database so every web instance sees the same counts.
 */
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
  /** While in the future, every attempt for this key is refused, right password or not. */
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});
