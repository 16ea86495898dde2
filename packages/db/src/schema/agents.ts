import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { enrollmentTokens } from "./enrollment-tokens.ts";
import { hosts } from "./hosts.ts";

/**
 * Enrolled agents. Each holds a per-agent credential bound to one host; revoking the
 * agent closes its socket and the credential stops working.
 */
export const agents = pgTable(
  "agents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    hostId: uuid("host_id")
      .notNull()
      .references(() => hosts.id, { onDelete: "cascade" }),
    /** Hex SHA-256 of the credential secret. */
    credentialHash: text("credential_hash").notNull().unique(),
    enrolledWith: uuid("enrolled_with").references(() => enrollmentTokens.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastConnectedAt: timestamp("last_connected_at", { withTimezone: true }),
    agentVersion: text("agent_version"),
    bootId: text("boot_id"),
  },
  (t) => [index("agents_host_id_idx").on(t.hostId)],
);

export type Agent = typeof agents.$inferSelect;
