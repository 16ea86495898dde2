import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { hosts } from "./hosts.ts";

export const hostEventKinds = ["connected", "disconnected", "offline", "snapshot_changed"] as const;

/** A host's timeline: connection changes and what changed between snapshots, when. */
export const hostEvents = pgTable(
  "host_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    hostId: uuid("host_id")
      .notNull()
      .references(() => hosts.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    kind: text("kind", { enum: hostEventKinds }).notNull(),
    /** Snapshot hash after the change (snapshot_changed). */
    hash: text("hash"),
    /** What changed: section names and short descriptions. */
    changes: jsonb("changes").$type<{ section: string; summary: string }[]>(),
  },
  (t) => [index("host_events_host_at_idx").on(t.hostId, t.at)],
);
