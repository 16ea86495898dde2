import { sql } from "drizzle-orm";
import { integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Enrollment tokens: short-lived secrets an admin hands to a new agent, exchanged once
 * (or `maxUses` times) for a per-agent credential. Only the SHA-256 of the secret is kept.
 */
export const enrollmentTokens = pgTable("enrollment_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Hex SHA-256 of the secret (the secret is high-entropy, so no salt is needed). */
  tokenHash: text("token_hash").notNull().unique(),
  /** First characters of the secret, for recognising it in lists. */
  start: text("start").notNull(),
  name: text("name").notNull(),
  /** Labels every host enrolled with this token starts with. */
  labels: jsonb("labels").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  createdBy: text("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  maxUses: integer("max_uses").notNull().default(1),
  uses: integer("uses").notNull().default(0),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

export type EnrollmentToken = typeof enrollmentTokens.$inferSelect;
