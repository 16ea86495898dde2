import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./user.ts";

export const roles = ["viewer", "operator", "admin"] as const;
export type Role = (typeof roles)[number];

/**
 * A user's grant: a role, optionally limited to the hosts whose labels match `selector`
 * (e.g. `env=staging`, `site in (a,b)`). A user may hold several; no grant means no access.
 */
export const grants = pgTable(
  "grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text("role", { enum: roles }).notNull(),
    /** Label selector; null means every host. */
    selector: text("selector"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by"),
  },
  (t) => [index("grants_user_id_idx").on(t.userId)],
);

export type Grant = typeof grants.$inferSelect;
