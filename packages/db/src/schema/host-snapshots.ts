import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { hosts } from "./hosts.ts";

/** The latest snapshot each host's agent reported (model: @switchyard/protocol HostSnapshot). */
export const hostSnapshots = pgTable("host_snapshots", {
  hostId: uuid("host_id")
    .primaryKey()
    .references(() => hosts.id, { onDelete: "cascade" }),
  /** Hash of the snapshot's canonical JSON, as the agent computed and the server checked. */
  hash: text("hash").notNull(),
  snapshot: jsonb("snapshot").notNull(),
  collectedAt: timestamp("collected_at", { withTimezone: true }).notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});
