import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Docker hosts in the fleet. One row per enrolled (or pre-registered) host. */
export const hosts = pgTable(
  "hosts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Host name as reported by its agent (or set by an admin); unique in the fleet. */
    name: text("name").notNull().unique(),
    /**
     * Effective labels used by grant and policy selectors, e.g. {"env":"staging"}: the
     * enrollment token's, then the agent's own, then the admin's (later ones win).
     */
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** Labels an admin set; they override what the agent reports. */
    adminLabels: jsonb("admin_labels").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** Labels the agent reports from its config (and the enrollment token's). */
    agentLabels: jsonb("agent_labels").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** Connection state: pending until its agent first reports, then online/offline. */
    status: text("status", { enum: ["pending", "online", "offline"] })
      .notNull()
      .default("pending"),
    agentVersion: text("agent_version"),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    /** Summary counts from the latest snapshot, for the fleet list. */
    containerCount: integer("container_count"),
    bridgeCount: integer("bridge_count"),
    linkCount: integer("link_count"),
    natRuleCount: integer("nat_rule_count"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("hosts_labels_gin").using("gin", t.labels)],
);

export type Host = typeof hosts.$inferSelect;
export type NewHost = typeof hosts.$inferInsert;
