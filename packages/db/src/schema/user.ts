import { boolean, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** People who sign in (better-auth's user table, with the username and admin plugins' columns). */
export const user = pgTable("user", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** better-auth requires an e-mail; Switchyard users sign in by username, so it is synthetic. */
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").default(false).notNull(),
  image: text("image"),
  createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .defaultNow()
    .$onUpdate(() => new Date())
    .notNull(),
  username: text("username").unique(),
  displayUsername: text("display_username"),
  /** better-auth's own role; Switchyard's authorization uses the grants table instead. */
  role: text("role"),
  /** A disabled user: cannot sign in, sessions and tokens refused. */
  banned: boolean("banned").default(false),
  banReason: text("ban_reason"),
  banExpires: timestamp("ban_expires", { withTimezone: true }),
});
