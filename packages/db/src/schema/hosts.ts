import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Docker hosts in the fleet. One row per enrolled (or pre-registered) host. */
export const hosts = pgTable(
  "hosts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Host name as reported by its agent (or set by an admin); unique in the fleet. */
    name: text("name").notNull().unique(),
    /** Label map used by grant and policy selectors, e.g. {"env":"staging"}. */
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** Connection state: pending until its agent first reports, then online/offline. */
    status: text("status", { enum: ["pending", "online", "offline"] })
      .notNull()
      .default("pending"),
    agentVersion: text("agent_version"),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("hosts_labels_gin").using("gin", t.labels)],
);

export type Host = typeof hosts.$inferSelect;
export type NewHost = typeof hosts.$inferInsert;
