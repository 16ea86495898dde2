import { pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { roles } from "./grants.ts";

/**
 * Permissions as data: which role may perform which action. Seeded by a migration;
 * the authorizer reads this table, the code names actions only.
 */
export const rolePermissions = pgTable(
  "role_permissions",
  {
    role: text("role", { enum: roles }).notNull(),
    action: text("action").notNull(),
  },
  (t) => [primaryKey({ columns: [t.role, t.action] })],
);
