import { sql } from "drizzle-orm";
import { bigint, check, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Where the chain starts after retention pruned its beginning: one row per prune run
 * (append-only too), the newest is in force. verifyChain expects the first remaining row
 * to follow the newest anchor (seq + 1, prev_hash = its row_hash). The app role may only
 * read it; the retention job writes it as the owner.
 */
export const auditAnchor = pgTable(
  "audit_anchor",
  {
    /** seq of the last pruned row. */
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    /** row_hash of the last pruned row: the prev_hash of the first remaining one. */
    rowHash: text("row_hash").notNull(),
    /** time of the last pruned row (keeps new rows' time non-decreasing after a full prune). */
    time: timestamp("time", { withTimezone: true, precision: 6, mode: "string" }).notNull(),
    /** First seq this run pruned (the previous anchor's seq + 1). */
    firstSeq: bigint("first_seq", { mode: "number" }).notNull(),
    /** The previous anchor's row_hash (or 64 zeros): the archive's chain starts from it. */
    prevHash: text("prev_hash").notNull(),
    prunedBefore: timestamp("pruned_before", { withTimezone: true, mode: "string" }).notNull(),
    /** File name of the NDJSON archive that holds the pruned rows, and its sha256. */
    archiveFile: text("archive_file").notNull(),
    archiveSha256: text("archive_sha256").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("audit_anchor_first_seq_check", sql`${t.firstSeq} >= 1 and ${t.firstSeq} <= ${t.seq}`)],
);

export type AuditAnchorRow = typeof auditAnchor.$inferSelect;
